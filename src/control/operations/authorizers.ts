import type { RestApiDefinition, Authorizer, AuthorizerType } from '../../model/index.ts'
import { compileAuthorizerIdentitySources, IdentitySourceError } from '../../auth/identity-source.ts'
import { newId } from '../../lib/ids.ts'
import { ApiError, badRequest, concurrentModification, conflict, notFound } from '../protocol/errors.ts'
import type { Operation } from '../protocol/operation.ts'
import { applyPatch, type PatchRule } from '../protocol/patch.ts'
import { changeApi, loadApi } from './support/api-access.ts'
import { optionalNumber, optionalString, optionalStringList } from './support/input.ts'
import { paginate } from '../protocol/paging.ts'

/**
 * CreateAuthorizer, GetAuthorizer(s), UpdateAuthorizer, DeleteAuthorizer — configuration only;
 * enforcement on the data plane is the access-control issue.
 */

const API = '/restapis/{restapi_id}/authorizers'
const ONE = `${API}/{authorizer_id}`

const TYPES: readonly AuthorizerType[] = ['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']
export const DEFAULT_TTL = 300
export const MAX_TTL = 3600

const unknownAuthorizer = () => notFound('Invalid Authorizer identifier specified')

function findAuthorizer(definition: RestApiDefinition, id: string): Authorizer {
  const authorizer = definition.authorizers.find((a) => a.id === id)
  if (!authorizer) throw unknownAuthorizer()
  return authorizer
}

function checkType(type: string, where: string): AuthorizerType {
  if (!(TYPES as readonly string[]).includes(type)) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${type}' at '${where}' failed to satisfy constraint: Member must satisfy enum value set: [TOKEN, REQUEST, COGNITO_USER_POOLS]`,
    )
  }
  return type as AuthorizerType
}

function checkTtl(ttl: number): void {
  if (!Number.isInteger(ttl) || ttl < 0 || ttl > MAX_TTL) throw badRequest(`Invalid Authorizer TTL specified. Value must be between 0 and ${MAX_TTL}`)
}

/** What each type needs, checked on create and after every update. */
function checkComplete(a: Authorizer): void {
  if (a.name.trim() === '') throw badRequest('Invalid authorizer name specified')
  if (a.type === 'COGNITO_USER_POOLS') {
    if (!a.providerARNs || a.providerARNs.length === 0) throw badRequest('ProviderARNs need to be specified for COGNITO_USER_POOLS type authorizers')
  } else if (!a.authorizerUri) {
    throw badRequest(`Authorizer URI must be specified for ${a.type} type authorizers`)
  }
  if (a.type === 'TOKEN' && !a.identitySource) throw badRequest('Identity source must be specified for TOKEN type authorizers')
  if (a.type === 'REQUEST' && (a.authorizerResultTtlInSeconds ?? 0) > 0 && !a.identitySource) {
    throw badRequest('Identity source must be specified for REQUEST type authorizers when caching is enabled')
  }
  if (a.authorizerResultTtlInSeconds !== undefined) checkTtl(a.authorizerResultTtlInSeconds)
  checkRunnable(a)
}

/** What the data plane could not run: an identity source it cannot read, a validation expression that is no regular expression. */
function checkRunnable(a: Authorizer): void {
  if (a.identitySource !== undefined || a.type !== 'COGNITO_USER_POOLS') {
    try {
      compileAuthorizerIdentitySources(a.type, a.identitySource)
    } catch (error) {
      if (error instanceof IdentitySourceError) throw badRequest(error.message)
      throw error
    }
  }
  if (a.identityValidationExpression !== undefined) {
    try {
      new RegExp(a.identityValidationExpression)
    } catch {
      throw badRequest(`Invalid identity validation expression specified: ${a.identityValidationExpression}`)
    }
  }
}

const OPTIONAL_TEXT = ['authType', 'authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression'] as const

const text = (path: string): PatchRule<Authorizer> => ({ path, ops: ['replace'] })

const PATCH_RULES: PatchRule<Authorizer>[] = [
  text('/name'),
  {
    path: '/type',
    ops: ['replace'],
    apply(a, change) {
      a.type = checkType(String(change.value), 'updateAuthorizerInput.type')
    },
  },
  text('/authType'),
  text('/authorizerUri'),
  text('/authorizerCredentials'),
  text('/identitySource'),
  text('/identityValidationExpression'),
  { path: '/authorizerResultTtlInSeconds', ops: ['replace'], type: 'integer', check: (v) => checkTtl(v as number) },
  {
    path: '/providerARNs/{arn}',
    ops: ['add', 'remove'],
    apply(a, change) {
      const arn = change.params.arn!
      const list = (a.providerARNs ?? []).filter((x) => x !== arn)
      if (change.op === 'add') list.push(arn)
      a.providerARNs = list
    },
  },
  {
    path: '/providerARNs',
    ops: ['replace'],
    apply(a, change) {
      a.providerARNs = String(change.value ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    },
  },
]

export const authorizerOperations: Operation[] = [
  {
    name: 'CreateAuthorizer',
    method: 'POST',
    path: API,
    successStatus: 201,
    async handler({ params, body }, services) {
      const name = optionalString(body, 'name')
      if (name === undefined) throw badRequest('Invalid authorizer name specified')
      const typeText = optionalString(body, 'type')
      if (typeText === undefined) throw badRequest('Invalid authorizer type specified')
      const type = checkType(typeText, 'createAuthorizerInput.type')
      const providerARNs = optionalStringList(body, 'providerARNs')
      const ttl = optionalNumber(body, 'authorizerResultTtlInSeconds')
      const authorizer: Authorizer = {
        id: newId(6),
        name,
        type,
        ...(providerARNs && { providerARNs }),
        ...strings(body, ['authType', 'authorizerUri', 'authorizerCredentials', 'identitySource', 'identityValidationExpression']),
        // AWS reports the default TTL explicitly; COGNITO authorizers too
        authorizerResultTtlInSeconds: ttl ?? DEFAULT_TTL,
      }
      checkComplete(authorizer)
      // AWS answers an unknown API here with a 409 (recorded against AWS)
      return changeApi(
        services,
        params.restapi_id!,
        (definition) => {
          definition.authorizers.push(authorizer)
          return renderAuthorizer(authorizer)
        },
        concurrentModification,
      )
    },
  },
  {
    name: 'GetAuthorizers',
    method: 'GET',
    path: API,
    successStatus: 200,
    async handler({ params, query }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return paginate(definition.authorizers.map(renderAuthorizer), query)
    },
  },
  {
    name: 'GetAuthorizer',
    method: 'GET',
    path: ONE,
    successStatus: 200,
    async handler({ params }, services) {
      const { definition } = await loadApi(services, params.restapi_id!)
      return renderAuthorizer(findAuthorizer(definition, params.authorizer_id!))
    },
  },
  {
    name: 'UpdateAuthorizer',
    method: 'PATCH',
    path: ONE,
    successStatus: 200,
    async handler({ params, body }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const authorizer = findAuthorizer(definition, params.authorizer_id!)
        const patched = applyPatch(authorizer, body.patchOperations, PATCH_RULES, { ops: ['add', 'remove', 'replace'] })
        // replacing an optional member with an empty value clears it
        for (const key of OPTIONAL_TEXT) if (patched[key] === '') delete patched[key]
        checkComplete(patched)
        definition.authorizers = definition.authorizers.map((a) => (a.id === authorizer.id ? patched : a))
        return renderAuthorizer(patched)
      })
    },
  },
  {
    name: 'DeleteAuthorizer',
    method: 'DELETE',
    path: ONE,
    successStatus: 202,
    async handler({ params }, services) {
      return changeApi(services, params.restapi_id!, (definition) => {
        const authorizer = findAuthorizer(definition, params.authorizer_id!)
        for (const resource of definition.resources) {
          for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
            if (method.authorizerId === authorizer.id) {
              throw conflict(`Cannot delete authorizer ${authorizer.name}, is referenced in method: ${verb}/${resource.path}`)
            }
          }
        }
        definition.authorizers = definition.authorizers.filter((a) => a.id !== authorizer.id)
        return {}
      })
    },
  },
]

function strings<K extends keyof Authorizer>(body: Record<string, unknown>, members: K[]): Partial<Pick<Authorizer, K>> {
  const out: Partial<Record<K, string>> = {}
  for (const m of members) {
    const v = optionalString(body, m)
    if (v !== undefined && v !== '') out[m] = v
  }
  return out as Partial<Pick<Authorizer, K>>
}

export function renderAuthorizer(a: Authorizer): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: a.type,
    ...(a.providerARNs && a.providerARNs.length > 0 && { providerARNs: [...a.providerARNs] }),
    ...(a.authType !== undefined && { authType: a.authType }),
    ...(a.authorizerUri !== undefined && { authorizerUri: a.authorizerUri }),
    ...(a.authorizerCredentials !== undefined && { authorizerCredentials: a.authorizerCredentials }),
    ...(a.identitySource !== undefined && { identitySource: a.identitySource }),
    ...(a.identityValidationExpression !== undefined && { identityValidationExpression: a.identityValidationExpression }),
    ...(a.authorizerResultTtlInSeconds !== undefined && { authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds }),
  }
}
