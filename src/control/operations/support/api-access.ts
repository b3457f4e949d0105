import type { RestApi, RestApiDefinition } from '../../../model/index.ts'
import { ApiError, badRequest, concurrentModification, notFound } from '../../protocol/errors.ts'
import type { ControlServices } from '../../protocol/operation.ts'
import { StoreConflictError } from '../../store/store.ts'

/** `Invalid API identifier specified {account}:{apiId}` (404), AWS's text for an unknown REST API. */
export function unknownApi(services: ControlServices, apiId: string): ApiError {
  return notFound(`Invalid API identifier specified ${services.config.accountId}:${apiId}`)
}

/** A REST API as the store keeps it. */
export interface StoredRestApi {
  definition: RestApiDefinition
  version: number
}

/**
 * The stored REST API, or AWS's 404 (or the error `missing` gives, for operations that answer
 * otherwise). An HTTP or WebSocket API is unknown here: apigateway v1 does not see them.
 */
export async function loadApi(services: ControlServices, apiId: string, missing?: () => ApiError): Promise<StoredRestApi> {
  const stored = await services.store.getApi(apiId)
  const definition = stored?.definition
  if (!stored || definition?.protocol !== 'REST') throw missing ? missing() : unknownApi(services, apiId)
  return { definition, version: stored.version }
}

/**
 * The REST API's summary, or AWS's 404 as loadApi answers it: for operations on an API's stages,
 * deployments or tags, which read none of its resources (assembling a 300-resource definition
 * was the largest part of the GetStage `portico serve` sends on a restart).
 */
export async function requireRestApi(services: ControlServices, apiId: string): Promise<RestApi> {
  const api = await services.store.getRestApi(apiId)
  if (!api) throw unknownApi(services, apiId)
  return api
}

/**
 * Read-modify-write of one API's definition: `change` gets a private copy and returns what the
 * operation answers; the copy is saved only if `change` returns normally, guarded by the version
 * read, so a concurrent writer turns into AWS's ConflictException instead of a lost update.
 */
export async function changeApi<T>(
  services: ControlServices,
  apiId: string,
  change: (definition: RestApiDefinition) => T | Promise<T>,
  missing?: () => ApiError,
): Promise<T> {
  const stored = await loadApi(services, apiId, missing)
  const definition = structuredClone(stored.definition)
  const result = await change(definition)
  try {
    await services.store.saveApi(definition, stored.version)
  } catch (error) {
    throw storeError(error)
  }
  return result
}

/** Store failures as AWS answers them: a version conflict is a 409, "still in use" a 400. */
export function storeError(error: unknown): unknown {
  if (error instanceof StoreConflictError) {
    return error.message.startsWith('Active stages') ? badRequest(error.message) : concurrentModification()
  }
  return error
}
