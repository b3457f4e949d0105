import type { HttpApiDefinition } from '../../../model/index.ts'
import { type ApiError, badRequest, notFound } from '../../protocol/errors.ts'
import type { ControlServices } from '../../protocol/operation.ts'
import { storeError } from '../support/api-access.ts'
import { autoDeploy } from './v2-deploy.ts'

/**
 * Reading and changing an HTTP API for the apigatewayv2 operations. apigatewayv2 sees only HTTP
 * (and WebSocket) APIs: a REST API's id is unknown here, as on AWS.
 */

/** `Invalid API identifier specified {account}:{apiId}` (404), as apigateway v1 answers too. */
export function unknownV2Api(services: ControlServices, apiId: string): ApiError {
  return notFound(`Invalid API identifier specified ${services.config.accountId}:${apiId}`)
}

/**
 * AWS's pattern for an unknown part (`Invalid Route identifier specified 1234567`). The exact
 * texts are moto's; AWS's are not published (reference §1.5).
 */
export function unknownPart(kind: 'Route' | 'Integration' | 'Authorizer' | 'Model' | 'RouteResponse' | 'IntegrationResponse' | 'Deployment', id: string): ApiError {
  return notFound(`Invalid ${kind} identifier specified ${id}`)
}

export function unknownStage(stageName: string): ApiError {
  return notFound(`Invalid stage identifier specified ${stageName}`)
}

/** Managed parts (quick create) refuse what AWS refuses them. */
export function managedRefusal(what: string): ApiError {
  return badRequest(`Cannot ${what} because it is managed by API Gateway`)
}

export interface StoredHttpApi {
  definition: HttpApiDefinition
  version: number
}

/** The stored HTTP API, or AWS's 404. */
export async function loadHttpApi(services: ControlServices, apiId: string): Promise<StoredHttpApi> {
  const stored = await services.store.getApi(apiId, 'HTTP')
  if (!stored) throw unknownV2Api(services, apiId)
  return stored
}

/**
 * Read-modify-write of an HTTP API (a private copy to `change`, saved only if it returns, guarded
 * by the version read), then every auto-deploy stage redeployed, as AWS does on each change of
 * the API's configuration (`deploy: false` for what is not configuration: tags).
 */
export async function changeHttpApi<T>(
  services: ControlServices,
  apiId: string,
  change: (definition: HttpApiDefinition) => T | Promise<T>,
  options: { deploy?: boolean } = {},
): Promise<T> {
  const stored = await loadHttpApi(services, apiId)
  const definition = structuredClone(stored.definition) as HttpApiDefinition
  const result = await change(definition)
  try {
    await services.store.saveApi(definition, stored.version)
  } catch (error) {
    throw storeError(error)
  }
  if (options.deploy ?? true) await autoDeploy(services, apiId)
  return result
}
