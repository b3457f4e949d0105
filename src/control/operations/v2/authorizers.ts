import type { HttpApiDefinition, V2Authorizer, V2AuthorizerType } from '../../../model/index.ts'
import { newId } from '../../../lib/ids.ts'
import { badRequest, conflict } from '../../protocol/errors.ts'
import type { Operation } from '../../protocol/operation.ts'
import { paginateItems } from '../../protocol/paging.ts'
import { optionalBoolean, optionalObject, optionalString, optionalStringList } from '../support/input.ts'
import { changeHttpApi, loadHttpApi, unknownPart } from './v2-access.ts'
import { assignDefined, missingMember, optionalEnum, optionalInteger, requiredMember } from './v2-input.ts'

/** GetAuthorizers, CreateAuthorizer, GetAuthorizer, UpdateAuthorizer, DeleteAuthorizer (JWT and Lambda REQUEST). */

const AUTHORIZERS = '/v2/apis/{apiId}/authorizers'
const ONE = `${AUTHORIZERS}/{authorizerId}`

const TYPES: readonly V2AuthorizerType[] = ['REQUEST', 'JWT']
const IDENTITY_SOURCE = /^\$(?:request\.(?:header|querystring)\.[^\s.][^\s]*|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)$/

function findAuthorizer(definition: HttpApiDefinition, authorizerId: string): V2Authorizer {
  const authorizer = definition.authorizers.find((a) => a.authorizerId === authorizerId)
  if (!authorizer) throw unknownPart('Authorizer', authorizerId)
  return authorizer
}

function applyAuthorizerMembers(authorizer: V2Authorizer, body: Record<string, unknown>): void {
  const name = optionalString(body, 'name')
  if (name !== undefined && (name.length < 1 || name.length > 128)) throw badRequest('Authorizer name must be between 1 and 128 characters')
  assignDefined(authorizer, 'name', name)
  assignDefined(authorizer, 'authorizerType', optionalEnum(body, 'authorizerType', TYPES))
  assignDefined(authorizer, 'identitySource', optionalStringList(body, 'identitySource'))
  assignDefined(authorizer, 'authorizerUri', optionalString(body, 'authorizerUri'))
  assignDefined(authorizer, 'authorizerCredentialsArn', optionalString(body, 'authorizerCredentialsArn'))
  assignDefined(authorizer, 'authorizerPayloadFormatVersion', optionalString(body, 'authorizerPayloadFormatVersion'))
  assignDefined(authorizer, 'authorizerResultTtlInSeconds', optionalInteger(body, 'authorizerResultTtlInSeconds', 0, 3600, 'authorizerResultTtlInSeconds must be between 0 and 3600'))
  assignDefined(authorizer, 'enableSimpleResponses', optionalBoolean(body, 'enableSimpleResponses'))
  assignDefined(authorizer, 'identityValidationExpression', optionalString(body, 'identityValidationExpression'))
  const jwt = optionalObject(body, 'jwtConfiguration')
  if (jwt !== undefined) {
    const audience = optionalStringList(jwt, 'audience')
    const issuer = optionalString(jwt, 'issuer')
    authorizer.jwtConfiguration = { ...(audience !== undefined && { audience }), ...(issuer !== undefined && { issuer }) }
  }
}

/** The authorizer as a whole, as AWS checks HTTP APIs' ([DG:http-api-jwt-authorizer], [DG:http-api-lambda-authorizer]). */
export function checkAuthorizer(authorizer: V2Authorizer): void {
  const sources = authorizer.identitySource ?? []
  for (const source of sources) {
    if (!IDENTITY_SOURCE.test(source)) throw badRequest(`Invalid identity source ${source}: use $request.header.name, $request.querystring.name, $context.name or $stageVariables.name`)
  }
  if (authorizer.authorizerType === 'JWT') {
    if (sources.length !== 1) throw badRequest('A JWT authorizer needs exactly one identity source, e.g. $request.header.Authorization')
    const issuer = authorizer.jwtConfiguration?.issuer
    if (issuer === undefined || !/^https?:\/\/\S+$/.test(issuer)) throw badRequest('A JWT authorizer needs jwtConfiguration.issuer, an http(s) URL')
    if ((authorizer.jwtConfiguration?.audience?.length ?? 0) > 50) throw badRequest('A JWT authorizer allows at most 50 audiences')
    for (const member of ['authorizerUri', 'authorizerCredentialsArn', 'authorizerPayloadFormatVersion', 'authorizerResultTtlInSeconds', 'enableSimpleResponses'] as const) {
      if (authorizer[member] !== undefined) throw badRequest(`${member} is not supported for JWT authorizers`)
    }
    return
  }
  if (authorizer.authorizerUri === undefined) throw badRequest('A REQUEST authorizer needs an authorizerUri (the Lambda function\'s invocation URI)')
  if (authorizer.jwtConfiguration !== undefined) throw badRequest('jwtConfiguration is supported only for JWT authorizers')
  const format = authorizer.authorizerPayloadFormatVersion
  if (format === undefined) throw badRequest('authorizerPayloadFormatVersion is required for REQUEST authorizers of HTTP APIs: 1.0 or 2.0')
  if (format !== '1.0' && format !== '2.0') throw badRequest(`Invalid authorizerPayloadFormatVersion ${format}: it must be 1.0 or 2.0`)
  if (authorizer.enableSimpleResponses === true && format !== '2.0') throw badRequest('enableSimpleResponses is supported only for authorizerPayloadFormatVersion 2.0')
  if ((authorizer.authorizerResultTtlInSeconds ?? 0) > 0 && sources.length === 0) {
    throw badRequest('Authorizer caching (authorizerResultTtlInSeconds above 0) needs at least one identity source')
  }
}

export const authorizerOperations: Operation[] = [
  {
    name: 'CreateAuthorizer',
    method: 'POST',
    path: AUTHORIZERS,
    successStatus: 201,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const name = requiredMember(body, 'name')
        const authorizerType = optionalEnum(body, 'authorizerType', TYPES) ?? missingMember('authorizerType')
        const authorizer: V2Authorizer = { authorizerId: newId(6), name, authorizerType }
        applyAuthorizerMembers(authorizer, body)
        checkAuthorizer(authorizer)
        if (definition.authorizers.some((a) => a.name === name)) throw conflict(`Authorizer with name ${name} already exists for this API`)
        definition.authorizers.push(authorizer)
        return authorizer
      }),
  },
  {
    name: 'GetAuthorizers',
    method: 'GET',
    path: AUTHORIZERS,
    successStatus: 200,
    async handler({ params, query }, services) {
      return paginateItems((await loadHttpApi(services, params.apiId!)).definition.authorizers, query)
    },
  },
  {
    name: 'GetAuthorizer',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      return findAuthorizer((await loadHttpApi(services, params.apiId!)).definition, params.authorizerId!)
    },
  },
  {
    name: 'UpdateAuthorizer',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    handler: ({ params, body }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const authorizer = findAuthorizer(definition, params.authorizerId!)
        applyAuthorizerMembers(authorizer, body)
        checkAuthorizer(authorizer)
        if (definition.authorizers.some((a) => a !== authorizer && a.name === authorizer.name)) throw conflict(`Authorizer with name ${authorizer.name} already exists for this API`)
        const users = definition.routes.filter((r) => r.authorizerId === authorizer.authorizerId)
        const expected = authorizer.authorizerType === 'JWT' ? 'JWT' : 'CUSTOM'
        if (users.some((r) => r.authorizationType !== expected)) throw badRequest(`Authorizer ${authorizer.authorizerId} is used by routes of authorizationType other than ${expected}`)
        return authorizer
      }),
  },
  {
    name: 'DeleteAuthorizer',
    method: 'DELETE',
    path: ONE,
    successStatus: 204,
    handler: ({ params }, services) =>
      changeHttpApi(services, params.apiId!, (definition) => {
        const authorizer = findAuthorizer(definition, params.authorizerId!)
        const user = definition.routes.find((r) => r.authorizerId === authorizer.authorizerId)
        if (user) throw conflict(`Cannot delete authorizer ${authorizer.authorizerId}: it is used by route ${user.routeId} (${user.routeKey})`)
        definition.authorizers = definition.authorizers.filter((a) => a !== authorizer)
        return {}
      }),
  },
]
