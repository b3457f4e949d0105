import type { ConnectionType, ContentHandling, Integration, IntegrationResponse, PassthroughBehavior } from '../../model/index.ts'
import { DEFAULT_TIMEOUT_MS } from '../../model/index.ts'
import { badRequest } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { statusResponseOperations } from './support/status-responses.ts'
import { optionalNumber, optionalObject, optionalString, optionalStringList, optionalStringMap, optionalBoolean } from './support/input.ts'
import { checkIntegration, checkIntegrationResponse, checkIntegrationType } from './integration-checks.ts'
import { checkStatusCode } from './methods.ts'
import { findMethod, unknownIntegration, unknownStatus } from './resource-tree.ts'

/**
 * PutIntegration, GetIntegration, UpdateIntegration, DeleteIntegration and the integration
 * responses: PutIntegrationResponse, GetIntegrationResponse, UpdateIntegrationResponse,
 * DeleteIntegrationResponse.
 *
 * Defaults as AWS's GetIntegration shows them: passthroughBehavior WHEN_NO_MATCH, timeoutInMillis
 * 29000, cacheNamespace = the resource id, cacheKeyParameters [], connectionType INTERNET for
 * every type but MOCK. An integration response needs the method response of its status code,
 * as on AWS.
 */

const INTEGRATION = '/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration'
const RESPONSE = `${INTEGRATION}/responses/{status_code}`

function findIntegration(definition: Parameters<typeof findMethod>[0], resourceId: string, httpMethod: string): Integration {
  const integration = findMethod(definition, resourceId, httpMethod).methodIntegration
  if (!integration) throw unknownIntegration()
  return integration
}

/**
 * An integration response's templates: a template may be null, and an empty one is stored and
 * answered as null (AWS-recorded: LocalStack's test_put_integration_response_templates,
 * put-integration-response-template-none / -empty).
 */
function readResponseTemplates(body: Record<string, unknown>): Record<string, string | null> | undefined {
  const raw = optionalObject(body, 'responseTemplates')
  if (raw === undefined) return undefined
  const withoutNulls = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null))
  const checked = optionalStringMap({ responseTemplates: withoutNulls }, 'responseTemplates') ?? {}
  return Object.fromEntries(Object.keys(raw).map((type) => [type, checked[type] ? checked[type] : null]))
}

function nonEmpty<T extends object>(map: T | undefined): T | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined
}

/** A map entry written by patch (`/requestTemplates/application~1json`). */
function mapRule<T>(member: string): PatchRule<T> {
  return {
    path: `/${member}/{key}`,
    ops: ['add', 'remove', 'replace'],
    apply(target, change) {
      const holder = target as Record<string, Record<string, unknown> | undefined>
      const map = { ...holder[member] }
      if (change.op === 'remove') delete map[change.params.key!]
      else map[change.params.key!] = (change.value as string | undefined) ?? ''
      if (Object.keys(map).length === 0) delete holder[member]
      else holder[member] = map
    },
  }
}

function replaceOrClear<T>(path: string): PatchRule<T> {
  const member = path.slice(1)
  return {
    path,
    ops: ['replace'],
    apply(target, change) {
      const holder = target as Record<string, unknown>
      if (change.value === undefined || change.value === '') delete holder[member]
      else holder[member] = change.value
    },
  }
}

const INTEGRATION_RULES: PatchRule<Integration>[] = [
  {
    path: '/type',
    ops: ['replace'],
    apply(i, change) {
      i.type = checkIntegrationType(String(change.value), 'updateIntegrationInput.type')
    },
  },
  { path: '/httpMethod', ops: ['replace'] },
  replaceOrClear('/uri'),
  { path: '/connectionType', ops: ['replace'] },
  replaceOrClear('/connectionId'),
  replaceOrClear('/credentials'),
  { path: '/passthroughBehavior', ops: ['replace'] },
  replaceOrClear('/contentHandling'),
  { path: '/timeoutInMillis', ops: ['replace'], type: 'integer' },
  { path: '/cacheNamespace', ops: ['replace'] },
  { path: '/cacheKeyParameters/{name}', ops: ['add', 'remove'], kind: 'member' },
  mapRule<Integration>('requestParameters'),
  mapRule<Integration>('requestTemplates'),
  { path: '/tlsConfig/insecureSkipVerification', ops: ['replace'], type: 'boolean' },
]

const RESPONSE_RULES: PatchRule<IntegrationResponse>[] = [
  replaceOrClear('/selectionPattern'),
  replaceOrClear('/contentHandling'),
  mapRule<IntegrationResponse>('responseParameters'),
  mapRule<IntegrationResponse>('responseTemplates'),
]

function readIntegration(body: Record<string, unknown>, resourceId: string): Integration {
  const typeText = optionalString(body, 'type')
  if (typeText === undefined) throw badRequest('Enumeration value for IntegrationType must be non-empty')
  const type = checkIntegrationType(typeText, 'putIntegrationInput.type')
  const httpMethod = optionalString(body, 'httpMethod')
  const uri = optionalString(body, 'uri')
  const connectionType = optionalString(body, 'connectionType') as ConnectionType | undefined
  if (connectionType !== undefined && connectionType !== 'INTERNET' && connectionType !== 'VPC_LINK') {
    throw badRequest(`Invalid connection type specified: ${String(connectionType)}`)
  }
  const connectionId = optionalString(body, 'connectionId')
  const credentials = optionalString(body, 'credentials')
  const requestParameters = nonEmpty(optionalStringMap(body, 'requestParameters'))
  const requestTemplates = nonEmpty(optionalStringMap(body, 'requestTemplates'))
  const contentHandling = optionalString(body, 'contentHandling') as ContentHandling | undefined
  const tls = optionalObject(body, 'tlsConfig')
  const insecure = tls && optionalBoolean(tls, 'insecureSkipVerification')
  return {
    type,
    ...(httpMethod !== undefined && httpMethod !== '' && { httpMethod }),
    ...(uri !== undefined && uri !== '' && { uri }),
    ...(type !== 'MOCK' && { connectionType: connectionType ?? 'INTERNET' }),
    ...(connectionId !== undefined && { connectionId }),
    ...(credentials !== undefined && { credentials }),
    ...(requestParameters && { requestParameters }),
    ...(requestTemplates && { requestTemplates }),
    passthroughBehavior: (optionalString(body, 'passthroughBehavior') ?? 'WHEN_NO_MATCH') as PassthroughBehavior,
    ...(contentHandling !== undefined && { contentHandling }),
    timeoutInMillis: optionalNumber(body, 'timeoutInMillis') ?? DEFAULT_TIMEOUT_MS,
    cacheNamespace: optionalString(body, 'cacheNamespace') ?? resourceId,
    cacheKeyParameters: optionalStringList(body, 'cacheKeyParameters') ?? [],
    ...(insecure !== undefined && { tlsConfig: { insecureSkipVerification: insecure } }),
  }
}

export const integrationOperations: Operation[] = [
  {
    name: 'PutIntegration',
    method: 'PUT',
    path: INTEGRATION,
    successStatus: 201,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        const integration = readIntegration(body, params.resource_id!)
        checkIntegration(integration)
        method.methodIntegration = integration
        return structuredClone(integration)
      })
    },
  },
  {
    name: 'GetIntegration',
    method: 'GET',
    path: INTEGRATION,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return structuredClone(findIntegration(definition, params.resource_id!, params.http_method!))
    },
  },
  {
    name: 'UpdateIntegration',
    method: 'PATCH',
    path: INTEGRATION,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        if (!method.methodIntegration) throw unknownIntegration()
        const patched = applyPatch(method.methodIntegration, body.patchOperations, INTEGRATION_RULES, { ops: ['add', 'remove', 'replace'] })
        if (patched.type === 'MOCK') delete patched.connectionType
        else patched.connectionType ??= 'INTERNET'
        checkIntegration(patched)
        method.methodIntegration = patched
        return structuredClone(patched)
      })
    },
  },
  {
    name: 'DeleteIntegration',
    method: 'DELETE',
    path: INTEGRATION,
    successStatus: 204,
    async handler({ params }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        if (!method.methodIntegration) throw unknownIntegration()
        delete method.methodIntegration
        return undefined
      })
    },
  },
  {
    name: 'PutIntegrationResponse',
    method: 'PUT',
    path: RESPONSE,
    successStatus: 201,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const method = findMethod(definition, params.resource_id!, params.http_method!)
        const integration = method.methodIntegration
        if (!integration) throw unknownIntegration()
        const statusCode = params.status_code!
        checkStatusCode(statusCode)
        if (!method.methodResponses?.[statusCode]) throw unknownStatus()
        const selectionPattern = optionalString(body, 'selectionPattern')
        const responseParameters = nonEmpty(optionalStringMap(body, 'responseParameters'))
        const responseTemplates = nonEmpty(readResponseTemplates(body))
        const contentHandling = optionalString(body, 'contentHandling') as ContentHandling | undefined
        const response: IntegrationResponse = {
          statusCode,
          // '' is kept and answered (AWS-recorded); it selects like no pattern (the default response)
          ...(selectionPattern !== undefined && { selectionPattern }),
          ...(responseParameters && { responseParameters }),
          ...(responseTemplates && { responseTemplates }),
          ...(contentHandling !== undefined && { contentHandling }),
        }
        checkIntegrationResponse(response)
        integration.integrationResponses = { ...integration.integrationResponses, [statusCode]: response }
        return structuredClone(response)
      })
    },
  },
  ...statusResponseOperations({
    noun: 'Integration',
    path: RESPONSE,
    owner: (definition, params) => findIntegration(definition, params.resource_id!, params.http_method!),
    field: 'integrationResponses',
    rules: RESPONSE_RULES,
    check: (_definition, response) => checkIntegrationResponse(response),
    updateStatus: 200,
  }),
]
