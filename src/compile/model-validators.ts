import type { ValidateFunction } from 'ajv'
import type { RestApiDefinition } from '../model/index.ts'
import { CompileError } from './compile-error.ts'
import { addModelSchema, modelAjv } from '../lib/model-ajv.ts'
import { REFERENCES_TOO_DEEP } from '../model/model-schema-rules.ts'

/** The URI AWS models use to `$ref` each other. */
export function modelUri(apiId: string, modelName: string): string {
  return `https://apigateway.amazonaws.com/restapis/${apiId}/models/${modelName}`
}

export interface ModelValidators {
  /** the compiled draft-04 validator of a model; throws CompileError for an unknown or invalid model */
  get(modelName: string): ValidateFunction
}

/**
 * One ajv (draft-04) instance per compiled plan, holding every model of the API under its AWS
 * URI so `$ref`s between models resolve. Validators are compiled on first use, which is compile
 * time: only methods with a body-validating request validator ask for one. The rules of
 * model-schema-rules.ts are checked where models come in and at CreateDeployment, not here: a
 * deployment stored before them keeps being served (validate-request.ts copes with its models).
 */
export function createModelValidators(api: RestApiDefinition): ModelValidators {
  const ajv = modelAjv({ allErrors: true, verbose: true })
  const apiId = api.restApi.id
  const byName = new Map(api.models.map((m) => [m.name, m]))
  for (const model of api.models) {
    const schema = parseSchema(model.name, model.schema)
    // the model's own `id` would shadow the URI other models use to reach it
    delete schema.id
    delete schema.$id
    try {
      addModelSchema(ajv, schema, modelUri(apiId, model.name))
    } catch (err) {
      throw new CompileError(`model ${model.name}: ${compileFailure(err)}`)
    }
  }
  const compiled = new Map<string, ValidateFunction>()
  return {
    get(modelName) {
      const cached = compiled.get(modelName)
      if (cached) return cached
      if (!byName.has(modelName)) throw new CompileError(`model ${modelName} does not exist in the API`)
      let validate: ValidateFunction | undefined
      try {
        validate = ajv.getSchema(modelUri(apiId, modelName))
      } catch (err) {
        throw new CompileError(`model ${modelName}: ${compileFailure(err)}`)
      }
      if (!validate) throw new CompileError(`model ${modelName} could not be compiled`)
      compiled.set(modelName, validate)
      return validate
    },
  }
}

/**
 * ajv compiles a referenced model inside the compilation of the model that references it, so a
 * long enough chain of references, each model within the depth limit, can still exhaust the
 * stack: that is the schemas' fault, and said so, never the stack's own words.
 */
function compileFailure(err: unknown): string {
  return err instanceof RangeError ? REFERENCES_TOO_DEEP : (err as Error).message
}

function parseSchema(name: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {}
  let schema: unknown
  try {
    schema = JSON.parse(text)
  } catch (err) {
    throw new CompileError(`model ${name}: schema is not valid JSON (${(err as Error).message})`)
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw new CompileError(`model ${name}: schema must be a JSON object`)
  }
  return schema as Record<string, unknown>
}
