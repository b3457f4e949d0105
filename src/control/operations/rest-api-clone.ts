import type { RestApiDefinition, Method, Resource } from '../../model/index.ts'
import { newId } from '../../lib/ids.ts'

/**
 * CreateRestApi's `cloneFrom`: a copy of an API's definition under a new API id, with new ids
 * for every resource, authorizer, request validator and model, and every reference to them
 * (parent ids, a method's authorizer and validator, an integration's default cache namespace)
 * rewritten to match.
 */
export function cloneDefinition(source: RestApiDefinition, apiId: string): RestApiDefinition {
  const copy = structuredClone(source)
  const resourceIds = remap(copy.resources.map((r) => r.id))
  const authorizerIds = remap(copy.authorizers.map((a) => a.id))
  const validatorIds = remap(copy.requestValidators.map((v) => v.id))

  const resources: Resource[] = copy.resources.map((r) => {
    const id = resourceIds.get(r.id)!
    const out: Resource = { ...r, id }
    if (r.parentId !== undefined) out.parentId = resourceIds.get(r.parentId) ?? r.parentId
    if (r.resourceMethods) {
      out.resourceMethods = {}
      for (const [verb, method] of Object.entries(r.resourceMethods)) {
        out.resourceMethods[verb] = cloneMethod(method, r.id, id, authorizerIds, validatorIds)
      }
    }
    return out
  })
  return {
    protocol: 'REST',
    restApi: { ...copy.restApi, id: apiId, rootResourceId: resourceIds.get(copy.restApi.rootResourceId) ?? copy.restApi.rootResourceId },
    resources,
    models: copy.models.map((m) => ({ ...m, id: newId() })),
    requestValidators: copy.requestValidators.map((v) => ({ ...v, id: validatorIds.get(v.id)! })),
    gatewayResponses: copy.gatewayResponses,
    authorizers: copy.authorizers.map((a) => ({ ...a, id: authorizerIds.get(a.id)! })),
  }
}

function cloneMethod(method: Method, oldResourceId: string, newResourceId: string, authorizers: Map<string, string>, validators: Map<string, string>): Method {
  const out: Method = { ...method }
  if (method.authorizerId !== undefined) out.authorizerId = authorizers.get(method.authorizerId) ?? method.authorizerId
  if (method.requestValidatorId !== undefined) out.requestValidatorId = validators.get(method.requestValidatorId) ?? method.requestValidatorId
  if (method.methodIntegration?.cacheNamespace === oldResourceId) {
    out.methodIntegration = { ...method.methodIntegration, cacheNamespace: newResourceId }
  }
  return out
}

function remap(ids: readonly string[]): Map<string, string> {
  return new Map(ids.map((id) => [id, newId()]))
}
