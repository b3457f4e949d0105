import type { HttpApiDefinition, V2ConnectionType, V2Integration, V2IntegrationType } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest } from '../../protocol/errors.ts'
import type { Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalObject, optionalString, optionalStringMap } from '../support/input.ts'
import { changeHttpApi, loadHttpApi, managedRefusal, unknownPart } from './v2-access.ts'
import { assignDefined, optionalEnum, optionalInteger, optionalStringMapMap } from './v2-input.ts'
import { checkRequestMappings, checkResponseMappings } from './mapping-keys.ts'
import { INTEGRATION_SUBTYPES, SUBTYPES, subtypeParameterProblem } from '../../../integrations/http-api/aws-service-subtypes.ts'
import { compileMappingValue } from '../../../integrations/http-api/mapping-value.ts'
import { IntegrationConfigError } from '../../../integrations/errors.ts'

/** GetIntegrations, CreateIntegration, GetIntegration, UpdateIntegration, DeleteIntegration (HTTP APIs). */

const INTEGRATIONS = '/v2/apis/{apiId}/integrations'
const ONE = `${INTEGRATIONS}/{integrationId}`

const TYPES: readonly V2IntegrationType[] = ['AWS', 'HTTP', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY']
const CONNECTION_TYPES: readonly V2ConnectionType[] = ['INTERNET', 'VPC_LINK']
/** HTTP APIs' integration timeout bounds and default (WebSocket APIs: 29000) */
export const HTTP_TIMEOUT_DEFAULT = 30000
const TIMEOUT_TEXT = 'Timeout must be between 50 milliseconds and 30 seconds.'

/** A private integration's target ([BOTO Integration.IntegrationUri]): an ALB/NLB listener or a Cloud Map service. */
const PRIVATE_TARGET = /^arn:aws[a-zA-Z-]*:(elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/.+|servicediscovery:[a-z0-9-]+:\d{12}:service\/.+)$/

/** AWS's text for an integration type HTTP APIs do not have ([GH aws/aws-cli#6363]). */
const PROXY_ONLY = 'Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)'


export function findIntegration(definition: HttpApiDefinition, integrationId: string): V2Integration {
  const integration = definition.integrations.find((i) => i.integrationId === integrationId)
  if (!integration) throw unknownPart('Integration', integrationId)
  return integration
}

/** Applies CreateIntegration's or UpdateIntegration's members; what is absent stays. */
function applyIntegrationMembers(integration: V2Integration, body: Record<string, unknown>): void {
  assignDefined(integration, 'integrationUri', optionalString(body, 'integrationUri'))
  assignDefined(integration, 'integrationSubtype', optionalString(body, 'integrationSubtype'))
  assignDefined(integration, 'integrationMethod', optionalString(body, 'integrationMethod'))
  assignDefined(integration, 'connectionType', optionalEnum(body, 'connectionType', CONNECTION_TYPES))
  assignDefined(integration, 'connectionId', optionalString(body, 'connectionId'))
  assignDefined(integration, 'credentialsArn', optionalString(body, 'credentialsArn'))
  assignDefined(integration, 'description', optionalString(body, 'description'))
  assignDefined(integration, 'payloadFormatVersion', optionalString(body, 'payloadFormatVersion'))
  assignDefined(integration, 'timeoutInMillis', optionalInteger(body, 'timeoutInMillis', 50, 30000, TIMEOUT_TEXT))
  assignDefined(integration, 'requestParameters', optionalStringMap(body, 'requestParameters'))
  assignDefined(integration, 'responseParameters', optionalStringMapMap(body, 'responseParameters'))
  const tls = optionalObject(body, 'tlsConfig')
  if (tls !== undefined) {
    const serverNameToVerify = optionalString(tls, 'serverNameToVerify')
    integration.tlsConfig = serverNameToVerify === undefined ? {} : { serverNameToVerify }
  }
  for (const member of ['contentHandlingStrategy', 'passthroughBehavior', 'templateSelectionExpression'] as const) {
    if (optionalString(body, member) !== undefined) throw badRequest(`${member} is supported only for WebSocket APIs`)
  }
  if (optionalStringMap(body, 'requestTemplates') !== undefined) throw badRequest('requestTemplates is supported only for WebSocket APIs')
}

/** The integration as a whole, as AWS checks it for HTTP APIs. */
export function checkIntegration(integration: V2Integration): void {
  const { integrationType: type, payloadFormatVersion: format } = integration
  if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') throw badRequest(PROXY_ONLY)
  if (integration.integrationSubtype !== undefined) {
    if (type !== 'AWS_PROXY') throw badRequest('integrationSubtype is supported only for AWS_PROXY integrations')
    // the subtypes HTTP APIs offer ([DG:http-api-develop-integrations-aws-services-reference]), each served (aws-service-subtypes.ts)
    const subtype = Object.hasOwn(SUBTYPES, integration.integrationSubtype) ? SUBTYPES[integration.integrationSubtype]! : undefined
    if (subtype === undefined) {
      throw badRequest(`Unsupported integration subtype ${integration.integrationSubtype}. Supported subtypes: ${INTEGRATION_SUBTYPES.join(', ')}`)
    }
    if (format !== '1.0') throw badRequest('AWS service integrations support only payloadFormatVersion 1.0')
    if (!integration.requestParameters || Object.keys(integration.requestParameters).length === 0) {
      throw badRequest(`requestParameters are required for integration subtype ${integration.integrationSubtype}`)
    }
    const problem = subtypeParameterProblem(subtype, integration.requestParameters)
    if (problem !== undefined) throw badRequest(problem)
    for (const [name, value] of Object.entries(integration.requestParameters)) {
      try {
        compileMappingValue(value, 'request', name)
      } catch (error) {
        if (error instanceof IntegrationConfigError) throw badRequest(error.message)
        throw error
      }
    }
  } else {
    if (integration.integrationUri === undefined) throw badRequest('An integrationUri is required for this integration')
    if (integration.requestParameters) checkRequestMappings(integration.requestParameters)
  }
  if (format === undefined) throw badRequest('A payloadFormatVersion is required for HTTP APIs: 1.0 or 2.0 (2.0 for Lambda integrations only)')
  if (format !== '1.0' && format !== '2.0') throw badRequest(`Invalid payloadFormatVersion ${format}: it must be 1.0 or 2.0`)
  if (format === '2.0' && (type !== 'AWS_PROXY' || integration.integrationSubtype !== undefined)) {
    throw badRequest('payloadFormatVersion 2.0 is supported only for Lambda proxy integrations')
  }
  if (type === 'HTTP_PROXY' && integration.integrationMethod === undefined) throw badRequest('An integrationMethod is required for HTTP_PROXY integrations')
  if (integration.connectionType === 'VPC_LINK') {
    if (type !== 'HTTP_PROXY') throw badRequest('Private integrations (VPC_LINK) must be HTTP_PROXY integrations')
    if (integration.connectionId === undefined) throw badRequest('A connectionId (the VpcLink id) is required for connectionType VPC_LINK')
    if (!PRIVATE_TARGET.test(integration.integrationUri ?? '')) {
      throw badRequest('For a private integration (VPC_LINK), integrationUri must be the ARN of an Application or Network Load Balancer listener, or of a Cloud Map service')
    }
  } else if (integration.connectionId !== undefined) {
    throw badRequest('A connectionId can be set only for connectionType VPC_LINK')
  }
  if (integration.responseParameters) checkResponseMappings(integration.responseParameters)
}

export const integrationOperations: Operation[] = [
  {
    name: 'CreateIntegration',
    method: 'POST',
    path: INTEGRATIONS,
    successStatus: 201,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const integrationType = optionalEnum(body, 'integrationType', TYPES)
        if (integrationType === undefined) throw badRequest('1 validation error detected: Value null at \'integrationType\' failed to satisfy constraint: Member must not be null')
        const integration: V2Integration = { integrationId: newId(7), integrationType, connectionType: 'INTERNET', timeoutInMillis: HTTP_TIMEOUT_DEFAULT }
        applyIntegrationMembers(integration, body)
        // a Lambda integration is always invoked with POST
        if (integrationType === 'AWS_PROXY' && integration.integrationSubtype === undefined) integration.integrationMethod ??= 'POST'
        checkIntegration(integration)
        definition.integrations.push(integration)
        return integration
      }),
  },
  {
    name: 'GetIntegrations',
    method: 'GET',
    path: INTEGRATIONS,
    successStatus: 200,
    async handler({ params, query }, services) {
      return paginateItems((await loadHttpApi(services, params.apiId!)).definition.integrations, query)
    },
  },
  {
    name: 'GetIntegration',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findIntegration((await loadHttpApi(services, params.apiId!)).definition, params.integrationId!)
    },
  },
  {
    name: 'UpdateIntegration',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const integration = findIntegration(definition, params.integrationId!)
        assignDefined(integration, 'integrationType', optionalEnum(body, 'integrationType', TYPES))
        applyIntegrationMembers(integration, body)
        checkIntegration(integration)
        return integration
      }),
  },
  {
    name: 'DeleteIntegration',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const integration = findIntegration(definition, params.integrationId!)
        if (integration.apiGatewayManaged) throw managedRefusal('delete this integration')
        const target = `integrations/${integration.integrationId}`
        const user = definition.routes.find((r) => r.target === target)
        if (user) throw badRequest(`Integration ${integration.integrationId} is the target of route ${user.routeId} (${user.routeKey}): change or delete the route first`)
        definition.integrations = definition.integrations.filter((i) => i !== integration)
        delete definition.integrationResponses[integration.integrationId]
        return {}
      }),
  },
]
