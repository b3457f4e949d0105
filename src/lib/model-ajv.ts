import { ajvDraft04, type AjvDraft04 } from './lazy-modules.ts'

/**
 * The most keywords a referenced model may have and still be compiled into the schema that
 * references it (ajv's `inlineRefs`); larger ones are compiled as functions of their own.
 *
 * Why a number and not ajv's default (`true`): with `true`, ajv decides by walking the referenced
 * schema for `$ref`s (`hasRef`), and that walk visits every array twice, once as a list and once
 * as an object, so it doubles per array on a path: a model whose `title`, `enum` or `default`
 * nests 40 arrays deep, referenced by another model, held the process for minutes (issue 14).
 * With a number ajv counts keywords instead (`countKeys`), a walk that visits each value once.
 */
export const INLINE_REF_MAX_KEYWORDS = 200

type Ajv = InstanceType<AjvDraft04>
type AjvOptions = NonNullable<ConstructorParameters<AjvDraft04>[0]>

/**
 * A draft-04 ajv for compiling API Gateway models: the same safe defaults wherever models
 * compile. Add schemas with `addModelSchema`: this instance does not check them against the
 * meta-schema itself, since each new instance would compile the meta-schema again (a third of an
 * import's time, issue 14's fuzz profile).
 */
export function modelAjv(options: AjvOptions = {}): Ajv {
  const Ajv04 = ajvDraft04()
  return new Ajv04({ strict: false, logger: false, validateFormats: false, ...options, inlineRefs: INLINE_REF_MAX_KEYWORDS, validateSchema: false })
}

/** One instance whose compiled meta-schema checks every model schema in the process (checks are synchronous: its `errors` are never shared). */
let metaChecker: Ajv | undefined

/**
 * Adds `schema` under `url`, then checks it against its meta-schema (draft-04 unless it names
 * another), in ajv's own order: an invalid schema stays reachable by reference (other models then
 * fail on it, not on a missing reference), and the error is ajv's own `schema is invalid: …`.
 */
export function addModelSchema(ajv: Ajv, schema: object, url: string): void {
  ajv.addSchema(schema, url)
  const meta = (metaChecker ??= modelAjv())
  if (!meta.validateSchema(schema)) throw new Error(`schema is invalid: ${meta.errorsText(meta.errors)}`)
}
