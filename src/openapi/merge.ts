import type { RestApiDefinition, RestApi } from '../model/index.ts'

export type ImportMode = 'overwrite' | 'merge'

/**
 * Applies an imported definition to the API it updates. Both modes keep the API's id, creation
 * date, tags and endpoint configuration (AWS: updating by import never changes the endpoint
 * type unless the document says so). `overwrite` takes the document's resources and parts;
 * `merge` keeps what the document does not mention and lets the document win on conflicts
 * (resources were already merged while building the tree).
 */
export function applyToExisting(
  existing: RestApiDefinition,
  incoming: RestApiDefinition,
  mode: ImportMode,
  documentSetsEndpoint: boolean,
): RestApiDefinition {
  const restApi: RestApi = {
    ...(mode === 'merge' ? mergedApiFields(existing.restApi, incoming.restApi) : incoming.restApi),
    id: existing.restApi.id,
    createdDate: existing.restApi.createdDate,
    rootResourceId: incoming.restApi.rootResourceId,
  }
  if (!documentSetsEndpoint) {
    restApi.endpointConfiguration = existing.restApi.endpointConfiguration
    restApi.disableExecuteApiEndpoint = existing.restApi.disableExecuteApiEndpoint
  }
  if (existing.restApi.tags) restApi.tags = existing.restApi.tags
  if (mode === 'overwrite') return { ...incoming, restApi }
  return {
    protocol: 'REST',
    restApi,
    resources: incoming.resources,
    models: unionBy(existing.models, incoming.models, (m) => m.name),
    requestValidators: unionBy(existing.requestValidators, incoming.requestValidators, (v) => v.name ?? v.id),
    gatewayResponses: unionBy(existing.gatewayResponses, incoming.gatewayResponses, (g) => g.responseType),
    authorizers: unionBy(existing.authorizers, incoming.authorizers, (a) => a.name),
  }
}

/** The document's API-level settings where it has them, the existing API's elsewhere. */
function mergedApiFields(existing: RestApi, incoming: RestApi): RestApi {
  const out: RestApi = { ...existing }
  for (const [key, value] of Object.entries(incoming) as Array<[keyof RestApi, unknown]>) {
    if (value !== undefined) (out as unknown as Record<string, unknown>)[key] = value
  }
  return out
}

function unionBy<T>(existing: readonly T[], incoming: readonly T[], key: (t: T) => string): T[] {
  const replaced = new Set(incoming.map(key))
  return [...existing.filter((e) => !replaced.has(key(e))), ...incoming]
}
