import { yaml } from '../../../lib/lazy-modules.ts'
import type { HttpApiDefinition } from '../../../model/index.ts'
import { exportHttpApi, importHttpApi, type BasePathMode, type HttpImportResult } from '../../../openapi/index.ts'
import { ApiError, badRequest } from '../../protocol/errors.ts'
import type { ControlServices, Operation, RawResult } from '../../protocol/operation.ts'
import { storeError } from '../support/api-access.ts'
import { importFailure } from '../rest-apis.ts'
import { checkAuthorizer } from './authorizers.ts'
import { checkIntegration } from './integrations.ts'
import { checkHttpRouteKey } from './route-keys.ts'
import { checkAuthorization } from './routes.ts'
import { loadHttpApi, unknownStage } from './v2-access.ts'
import { autoDeploy } from './v2-deploy.ts'
import { requiredMember } from './v2-input.ts'
import { apiEndpoint, renderApi } from './v2-render.ts'

/**
 * ImportApi (201, a new HTTP API from OpenAPI 3.0), ReimportApi (201, the API's routes,
 * integrations and authorizers replaced by the document's; id, stages and tags kept, auto-deploy
 * stages redeployed) and ExportApi (OAS30, JSON or YAML, of the API or of what a stage serves).
 * An imported document passes every check the operations make, or nothing is written.
 */

const BASE_PATHS: readonly BasePathMode[] = ['ignore', 'prepend', 'split']

/**
 * ImportApi's `{"body": "<document>"}`, taken raw so that the import limit (6 MB, as for
 * ImportRestApi) applies rather than the 1 MB of other JSON bodies.
 */
function documentOf(rawBody: Buffer): string {
  let body: unknown
  try {
    body = JSON.parse(rawBody.toString('utf8'))
  } catch (error) {
    throw new ApiError('SerializationException', (error as Error).message)
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new ApiError('SerializationException', 'Start of structure or map found where not expected.')
  return requiredMember(body as Record<string, unknown>, 'body')
}

function readImport(text: string, query: URLSearchParams, services: ControlServices, existing?: HttpApiDefinition): HttpApiDefinition {
  const basePath = query.get('basepath') ?? 'ignore'
  if (!(BASE_PATHS as readonly string[]).includes(basePath)) throw badRequest(`Invalid basepath specified: ${basePath}. Must be one of [${BASE_PATHS.join(', ')}]`)
  const failOnWarnings = query.get('failOnWarnings') === 'true'
  const result: HttpImportResult = importHttpApi(text, { basePath: basePath as BasePathMode, failOnWarnings, now: services.now(), ...(existing && { existing }) })
  if (!result.ok) throw importFailure(result.errors, failOnWarnings)
  const definition = result.definition
  if (result.warnings.length > 0) definition.api.warnings = result.warnings
  if (result.info.length > 0) definition.api.importInfo = result.info
  for (const integration of definition.integrations) checkIntegration(integration)
  for (const authorizer of definition.authorizers) checkAuthorizer(authorizer)
  for (const route of definition.routes) {
    checkHttpRouteKey(route.routeKey)
    checkAuthorization(definition, route)
  }
  return definition
}

const EXPORT_FORMATS = ['JSON', 'YAML'] as const

export const importExportOperations: Operation[] = [
  {
    name: 'ImportApi',
    method: 'PUT',
    path: '/v2/apis',
    successStatus: 201,
    rawBody: true,
    async handler({ rawBody, query }, services) {
      const definition = readImport(documentOf(rawBody), query, services)
      await services.store.saveApi(definition, 0)
      return renderApi(services, definition.api)
    },
  },
  {
    name: 'ReimportApi',
    method: 'PUT',
    path: '/v2/apis/{apiId}',
    successStatus: 201,
    rawBody: true,
    async handler({ params, rawBody, query }, services) {
      const stored = await loadHttpApi(services, params.apiId!)
      const definition = readImport(documentOf(rawBody), query, services, stored.definition)
      try {
        await services.store.saveApi(definition, stored.version)
      } catch (error) {
        throw storeError(error)
      }
      await autoDeploy(services, definition.api.apiId)
      return renderApi(services, definition.api)
    },
  },
  {
    name: 'ExportApi',
    method: 'GET',
    path: '/v2/apis/{apiId}/exports/{specification}',
    successStatus: 200,
    async handler({ params, query }, services): Promise<RawResult> {
      const apiId = params.apiId!
      if (params.specification !== 'OAS30') throw badRequest(`Invalid specification ${params.specification}. Must be one of [OAS30]`)
      const outputType = query.get('outputType')
      if (outputType === null || !(EXPORT_FORMATS as readonly string[]).includes(outputType)) {
        throw badRequest(`Invalid outputType ${outputType ?? '(none)'}. Must be one of [${EXPORT_FORMATS.join(', ')}]`)
      }
      const exportVersion = query.get('exportVersion')
      if (exportVersion !== null && exportVersion !== '1.0') throw badRequest(`Invalid exportVersion ${exportVersion}. Must be 1.0`)
      const { definition: current } = await loadHttpApi(services, apiId)
      const stageName = query.get('stageName')
      let definition = current
      if (stageName !== null) {
        const stage = await services.store.getStage(apiId, stageName, 'HTTP')
        if (!stage) throw unknownStage(stageName)
        if (stage.deploymentId === undefined) throw badRequest(`Stage ${stageName} has no deployment to export`)
        const snapshot = await services.store.getDeploymentSnapshot(apiId, stage.deploymentId)
        if (snapshot?.protocol !== 'HTTP') throw new Error(`stage ${stageName} points at missing deployment ${stage.deploymentId}`)
        definition = snapshot
      }
      const base = apiEndpoint(services, current.api)
      const doc = exportHttpApi(definition, {
        includeExtensions: query.get('includeExtensions') !== 'false',
        serverUrl: stageName === null || stageName === '$default' ? base : `${base}/${stageName}`,
      })
      return outputType === 'YAML'
        ? { raw: true, contentType: 'application/yaml', body: yaml().stringify(doc) }
        : { raw: true, contentType: 'application/json', body: JSON.stringify(doc, null, 2) }
    },
  },
]
