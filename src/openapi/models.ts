import { createHash } from 'node:crypto'
import { addModelSchema, modelAjv } from '../lib/model-ajv.ts'
import type { Model } from '../model/index.ts'
import { cycleDetail, parseModels, REFERENCES_TOO_DEEP, SCHEMA_TOO_DEEP, schemaTooDeep, unfoundedCycle } from '../model/model-schema-rules.ts'
import type { ImportContext } from './context.ts'
import { isObject } from './json.ts'
import { child } from './problems.ts'

const MODEL_NAME = /^[A-Za-z0-9]+$/

/** `https://apigateway.amazonaws.com/restapis/{apiId}/models/{name}`: how AWS stores a model reference. */
export function modelUrl(apiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`
}

/** Where the document keeps its named schemas. */
export function schemasPointer(ctx: ImportContext): string {
  return ctx.version === 'swagger2' ? '/definitions' : '/components/schemas'
}

/**
 * The API's models: the document's named schemas plus one generated model per distinct inline
 * schema. Inline schemas get AWS's naming shape, `MODEL` + 6 hex digits (AWS exports such names,
 * e.g. `MODELd2a00d`); ours are the head of the SHA-256 of the schema as written in the
 * document, so re-importing, or importing into another API, gives the same names.
 */
export class ModelRegistry {
  readonly #ctx: ImportContext
  readonly #models = new Map<string, { model: Model; pointer: string; broken: boolean }>()
  readonly #named: Set<string>

  constructor(ctx: ImportContext) {
    this.#ctx = ctx
    const schemas = namedSchemas(ctx)
    this.#named = new Set([...Object.keys(schemas), ...(ctx.existing?.models.map((m) => m.name) ?? [])])
    const base = schemasPointer(ctx)
    for (const [name, schema] of Object.entries(schemas)) {
      const at = child(base, name)
      if (!MODEL_NAME.test(name)) ctx.problems.error(at, `Model name must be alphanumeric: ${name}`)
      else if (!isObject(schema)) ctx.problems.error(at, 'A model schema must be an object')
      else if (schemaTooDeep(schema)) ctx.problems.error(at, `Invalid model schema: ${SCHEMA_TOO_DEEP}`)
      else this.#add(name, schema, at)
    }
  }

  /** The model a body or response schema stands for: a `$ref`'s target, or a generated model. */
  modelFor(schema: unknown, at: string): string | undefined {
    if (!isObject(schema)) {
      this.#ctx.problems.error(at, 'A schema must be an object')
      return undefined
    }
    if (typeof schema.$ref === 'string' && Object.keys(schema).length === 1) {
      const name = this.#refName(schema.$ref, child(at, '$ref'))
      return name
    }
    if (schemaTooDeep(schema)) {
      this.#ctx.problems.error(at, `Invalid model schema: ${SCHEMA_TOO_DEEP}`)
      return undefined
    }
    const before = this.#ctx.problems.errors.length
    const rewritten = this.#rewrite(schema, at)
    const broken = this.#ctx.problems.errors.length > before
    const text = JSON.stringify(rewritten)
    // hashed before the rewrite, so the name does not depend on the API id
    const hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex')
    for (let len = 6; len <= hash.length; len++) {
      const name = `MODEL${hash.slice(0, len)}`
      const known = this.#models.get(name)
      if (!known) {
        this.#models.set(name, { model: this.#model(name, text), pointer: at, broken })
        return name
      }
      if (known.model.schema === text) return name
    }
    return undefined
  }

  /**
   * Compiles every model as a draft-04 schema (references between models resolved); reports
   * failures, and reference cycles validation could never leave (model-schema-rules.ts).
   */
  models(): Model[] {
    this.#checkCycles()
    // a model whose references are already reported would only fail again, less clearly
    const compilable = [...this.#models.values()].filter((m) => !m.broken)
    // no ajv (~50 ms to load) for a document without models of its own: the existing API's models are only compiled as their targets
    if (compilable.length > 0) this.#compile(compilable)
    return [...this.#models.values()].map((m) => m.model)
  }

  #compile(compilable: Array<{ model: Model; pointer: string }>): void {
    const ajv = modelAjv({ allErrors: true })
    const added: Array<{ url: string; pointer: string }> = []
    for (const { model, pointer } of compilable) {
      const url = modelUrl(this.#ctx.apiId, model.name)
      try {
        addModelSchema(ajv, JSON.parse(model.schema!) as object, url)
        added.push({ url, pointer })
      } catch (e) {
        this.#ctx.problems.error(pointer, `Invalid model schema: ${compileFailure(e)}`)
      }
    }
    for (const m of this.#ctx.existing?.models ?? []) {
      const url = modelUrl(this.#ctx.apiId, m.name)
      if (this.#models.has(m.name) || !m.schema) continue
      try {
        addModelSchema(ajv, JSON.parse(m.schema) as object, url)
      } catch {
        // an existing model that does not compile is the control plane's concern, not this import's
      }
    }
    for (const { url, pointer } of added) {
      try {
        ajv.getSchema(url)
      } catch (e) {
        this.#ctx.problems.error(pointer, `Invalid model schema: ${compileFailure(e)}`)
      }
    }
  }

  #checkCycles(): void {
    const imported = [...this.#models.values()].filter((m) => !m.broken)
    const kept = (this.#ctx.existing?.models ?? []).filter((m) => !this.#models.has(m.name))
    const cycle = unfoundedCycle(this.#ctx.apiId, parseModels([...imported.map((m) => m.model), ...kept]))
    // a cycle among models the document does not touch is the existing API's, not this import's
    const at = cycle && imported.find((m) => cycle.includes(m.model.name))
    if (cycle && at) this.#ctx.problems.error(at.pointer, `Invalid model schema: ${cycleDetail(cycle)}`)
  }

  #add(name: string, schema: unknown, pointer: string): void {
    const before = this.#ctx.problems.errors.length
    const text = JSON.stringify(this.#rewrite(schema, pointer))
    this.#models.set(name, { model: this.#model(name, text), pointer, broken: this.#ctx.problems.errors.length > before })
  }

  #model(name: string, schema: string): Model {
    return { id: this.#ctx.ids.model(name), name, schema, contentType: 'application/json' }
  }

  /** A deep copy with document-local `$ref`s turned into AWS model URLs. */
  #rewrite(schema: unknown, at: string): unknown {
    if (Array.isArray(schema)) return schema.map((s, i) => this.#rewrite(s, child(at, i)))
    if (!isObject(schema)) return schema
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#')) {
        const name = this.#refName(v, child(at, k))
        const rest = v.slice(`${schemasPointer(this.#ctx)}/${name}`.length + 1)
        out[k] = name ? modelUrl(this.#ctx.apiId, name) + (rest ? `#${rest}` : '') : v
      } else {
        out[k] = this.#rewrite(v, child(at, k))
      }
    }
    return out
  }

  #refName(ref: string, at: string): string | undefined {
    const prefix = `#${schemasPointer(this.#ctx)}/`
    const url = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([A-Za-z0-9]+)$/.exec(ref)
    const name = url ? url[1]! : ref.startsWith(prefix) ? ref.slice(prefix.length).split('/')[0]! : undefined
    if (name === undefined) {
      this.#ctx.problems.error(at, `Unsupported schema reference: ${ref} (expected ${prefix}<name>)`)
      return undefined
    }
    if (!this.#named.has(name)) {
      this.#ctx.problems.error(at, `Invalid model reference: ${ref} does not name a model`)
      return undefined
    }
    return name
  }
}

/** ajv's stack running out on a chain of references is the schemas' fault: said so, not in the stack's words. */
function compileFailure(error: unknown): string {
  return error instanceof RangeError ? REFERENCES_TOO_DEEP : (error as Error).message
}

function namedSchemas(ctx: ImportContext): Record<string, unknown> {
  const { doc } = ctx
  const schemas = ctx.version === 'swagger2' ? doc.definitions : isObject(doc.components) ? doc.components.schemas : undefined
  if (schemas === undefined) return {}
  if (!isObject(schemas)) {
    ctx.problems.error(schemasPointer(ctx), 'Model definitions must be an object')
    return {}
  }
  return schemas
}
