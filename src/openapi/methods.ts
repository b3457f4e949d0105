import type { Method } from '../model/index.ts'
import { methodAuth, type SecuritySchemes } from './authorizers.ts'
import { resolveRef, type ImportContext } from './context.ts'
import { importIntegration } from './integrations.ts'
import { compact, entries, isObject, nonEmpty, type JsonObject } from './json.ts'
import { importMethodResponses, mediaTypes } from './method-responses.ts'
import type { ModelRegistry } from './models.ts'
import { importParameters } from './parameters.ts'
import { child } from './problems.ts'
import { methodValidatorId, type Validators } from './validators.ts'

/** The API-wide parts an operation refers to by name. */
export interface MethodDeps {
  registry: ModelRegistry
  validators: Validators
  schemes: SecuritySchemes
}

/** Where an operation sits: its path, the path's variables, and JSON pointers for both. */
export interface OperationSite {
  path: string
  variables: readonly string[]
  pathItem: JsonObject
  pathAt: string
  opAt: string
}

/** One OpenAPI operation → one API Gateway Method, integration included. */
export function importMethod(ctx: ImportContext, deps: MethodDeps, httpMethod: string, operation: JsonObject, site: OperationSite): Method {
  const { opAt } = site
  const inputs = importParameters(ctx, site.pathItem, operation, site.path, site.variables, site.pathAt, opAt)
  const methodResponses = importMethodResponses(ctx, deps.registry, operation, opAt)
  const auth = methodAuth(ctx, deps.schemes, operation, opAt)

  let methodIntegration
  const ext = operation['x-amazon-apigateway-integration']
  if (ext !== undefined) {
    const shape = { requestParameters: inputs.requestParameters, methodResponses }
    methodIntegration = importIntegration(ext, child(opAt, 'x-amazon-apigateway-integration'), shape, ctx.problems)
  }

  return compact<Method>({
    httpMethod,
    authorizationType: auth.authorizationType,
    authorizerId: auth.authorizerId,
    apiKeyRequired: auth.apiKeyRequired,
    requestValidatorId: methodValidatorId(ctx, deps.validators, operation, opAt),
    operationName: typeof operation.operationId === 'string' ? operation.operationId : undefined,
    requestParameters: nonEmpty(inputs.requestParameters),
    requestModels: requestModels(ctx, deps.registry, operation, opAt, inputs.body),
    methodResponses,
    methodIntegration,
    authorizationScopes: auth.authorizationScopes,
  })
}

/** Swagger 2 `in: body` schema for each `consumes` type, or OAS 3 `requestBody.content`. */
function requestModels(
  ctx: ImportContext,
  registry: ModelRegistry,
  operation: JsonObject,
  at: string,
  body: { schema: unknown; pointer: string } | undefined,
): Record<string, string> | undefined {
  const models: Record<string, string> = {}
  if (ctx.version === 'swagger2') {
    if (body) {
      const name = registry.modelFor(body.schema, body.pointer)
      if (name) for (const type of mediaTypes(operation.consumes ?? ctx.doc.consumes)) models[type] = name
    }
  } else if (operation.requestBody !== undefined) {
    const resolved = resolveRef(ctx, operation.requestBody, child(at, 'requestBody'))
    if (resolved && !isObject(resolved.value)) ctx.problems.error(resolved.pointer, 'requestBody must be an object')
    const requestBody = resolved && isObject(resolved.value) ? resolved.value : {}
    for (const [type, media] of entries(requestBody.content)) {
      if (!isObject(media) || media.schema === undefined) continue
      const name = registry.modelFor(media.schema, child(resolved!.pointer, 'content', type, 'schema'))
      if (name) models[type] = name
    }
  }
  return nonEmpty(models)
}
