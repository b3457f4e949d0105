import { ajvDraft04, type AjvDraft04 } from '../../../lib/lazy-modules.ts'
import type { RestApiDefinition } from '../../../model/index.ts'
import { cycleDetail, parseModels, SCHEMA_TOO_DEEP, schemaTooDeep, unfoundedCycle } from '../../../model/model-schema-rules.ts'
import { badRequest } from '../../protocol/errors.ts'

// only the meta-schema check is used: one instance serves every request, made on first use
let metaValidatorInstance: InstanceType<AjvDraft04> | undefined
const metaValidator = (): InstanceType<AjvDraft04> =>
  (metaValidatorInstance ??= new (ajvDraft04())({ strict: false, logger: false, validateFormats: false, validateSchema: true }))

/** AWS's text for a missing or empty schema (recorded against AWS). */
export const EMPTY_SCHEMA = 'Model schema must have at least 1 property or array items defined'

/**
 * Checks a model schema as CreateModel/UpdateModel do: present, JSON, an object, no deeper than
 * MODEL_SCHEMA_MAX_DEPTH (the meta-schema check below recurses), and valid against the JSON
 * Schema draft-04 meta-schema. `$ref`s to other models are not resolved here (they are at
 * compile time, when the referenced model must exist); see checkModelReferences.
 */
export function checkModelSchema(schema: string | undefined): string {
  if (schema === undefined || schema.trim() === '') throw badRequest(EMPTY_SCHEMA)
  let parsed: unknown
  try {
    parsed = JSON.parse(schema)
  } catch (error) {
    throw invalidSchema(`Invalid model schema specified: ${(error as Error).message}`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalidSchema('Invalid model schema specified: not a JSON object')
  if (schemaTooDeep(parsed)) throw invalidSchema(`Invalid model schema specified: ${SCHEMA_TOO_DEEP}`)
  if (!metaValidator().validateSchema(parsed as object)) {
    const detail = (metaValidator().errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()).join('; ')
    throw invalidSchema(`Invalid model schema specified: ${detail}`)
  }
  return schema
}

/**
 * The API's models, after a change, must not reference each other in a cycle that validation
 * could never leave (model-schema-rules.ts): checked where every model is known.
 */
export function checkModelReferences(definition: RestApiDefinition): void {
  const cycle = unfoundedCycle(definition.restApi.id, parseModels(definition.models))
  if (cycle) throw invalidSchema(`Invalid model schema specified: ${cycleDetail(cycle)}`)
}

function invalidSchema(error: string) {
  return badRequest(`Validation Result: warnings : [], errors : [${error}]`)
}
