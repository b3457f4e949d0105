/**
 * The config file's `iam` section: Portico's local twin of IAM — users and roles, their access
 * keys (role sessions carry a session token, as STS's temporary credentials do) and their
 * identity policies. Validated with the rest of the file (config-file.ts); resolved into an
 * IamDirectory once the account id is known (main.ts). Changes need a restart.
 *
 *   iam:
 *     users:
 *       alice:
 *         accessKeys: [{ accessKeyId: AKIAALICE0000000001, secretAccessKey: … }]
 *         policies: [{ Version: "2012-10-17", Statement: [{ Effect: Allow, Action: execute-api:Invoke, Resource: "*" }] }]
 *     roles:
 *       deployer:
 *         accountId: "210987654321"
 *         sessions: [{ sessionName: ci, accessKeyId: ASIA…, secretAccessKey: …, sessionToken: …, expiration: "2030-01-01T00:00:00Z" }]
 *         policies: [ … ]
 */
import { createHash } from 'node:crypto'
import { compilePolicy, PolicyError, type CompiledPolicy } from '../policy.ts'
import type { PolicyPrincipal } from '../request-facts.ts'
import { isObject } from '../../lib/is-object.ts'

export interface AccessKeyConfig {
  accessKeyId: string
  secretAccessKey: string
}

export interface RoleSessionConfig extends AccessKeyConfig {
  /** the `RoleSessionName` the session was assumed with */
  sessionName: string
  sessionToken: string
  /** ISO 8601; after it the token is expired */
  expiration?: string
}

export interface IamUserConfig {
  /** default: Portico's account id */
  accountId?: string
  accessKeys?: AccessKeyConfig[]
  /** identity policies (JSON objects or JSON text) */
  policies?: Array<object | string>
}

export interface IamRoleConfig {
  accountId?: string
  sessions?: RoleSessionConfig[]
  policies?: Array<object | string>
}

export interface IamFileConfig {
  iam?: { users?: Record<string, IamUserConfig>; roles?: Record<string, IamRoleConfig> }
}

export const IAM_KEYS = ['iam'] as const

/**
 * Who signed a request: what `$context.identity` and policy conditions learn about the caller
 * (`userId` is `$context.identity.user`/`caller`: AIDA… for a user, `AROA…:{session}` for a role session).
 */
export interface IamPrincipal extends Readonly<PolicyPrincipal> {
  readonly policies: readonly CompiledPolicy[]
}

export interface IamCredential {
  readonly principal: IamPrincipal
  readonly secretAccessKey: string
  readonly sessionToken?: string
  /** epoch ms */
  readonly expiresAt?: number
}

/** Access keys → the principal they belong to. */
export interface IamDirectory {
  credential(accessKeyId: string): IamCredential | undefined
  readonly size: number
}

type Fail = (key: string, message: string) => never

const NAME = /^[\w+=,.@-]{1,64}$/
const ACCOUNT = /^[0-9]{12}$/
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/

/** Checks the `iam` section of the parsed file; `fail` names the key path. */
export function validateIamConfig(top: Record<string, unknown>, fail: Fail): void {
  if (top.iam === undefined) return
  if (!isObject(top.iam)) fail('iam', 'must be an object with "users" and/or "roles"')
  const iam = top.iam as Record<string, unknown>
  for (const key of Object.keys(iam)) if (key !== 'users' && key !== 'roles') fail(`iam.${key}`, 'unknown key (expected users, roles)')
  const seen = new Set<string>()
  for (const kind of ['users', 'roles'] as const) {
    if (iam[kind] === undefined) continue
    if (!isObject(iam[kind])) fail(`iam.${kind}`, `must be an object keyed by ${kind === 'users' ? 'user' : 'role'} name`)
    for (const [name, entry] of Object.entries(iam[kind] as Record<string, unknown>)) {
      const at = `iam.${kind}.${name}`
      if (!NAME.test(name)) fail(at, 'a name is 1-64 letters, digits or any of _+=,.@-')
      if (!isObject(entry)) fail(at, `must be an object with "${kind === 'users' ? 'accessKeys' : 'sessions'}" and "policies"`)
      validatePrincipal(entry as Record<string, unknown>, at, kind, seen, fail)
    }
  }
}

function validatePrincipal(entry: Record<string, unknown>, at: string, kind: 'users' | 'roles', seen: Set<string>, fail: Fail): void {
  const keysName = kind === 'users' ? 'accessKeys' : 'sessions'
  for (const key of Object.keys(entry)) {
    if (!['accountId', keysName, 'policies'].includes(key)) fail(`${at}.${key}`, `unknown key (expected accountId, ${keysName}, policies)`)
  }
  if (entry.accountId !== undefined && !(typeof entry.accountId === 'string' && ACCOUNT.test(entry.accountId))) fail(`${at}.accountId`, 'must be 12 digits, as a string')
  const keys = entry[keysName] ?? []
  if (!Array.isArray(keys)) fail(`${at}.${keysName}`, 'must be a list')
  ;(keys as unknown[]).forEach((k, i) => validateKey(k, `${at}.${keysName}[${i}]`, kind === 'roles', seen, fail))
  const policies = entry.policies ?? []
  if (!Array.isArray(policies)) fail(`${at}.policies`, 'must be a list of IAM policy documents')
  ;(policies as unknown[]).forEach((p, i) => {
    try {
      compilePolicy(p as object | string)
    } catch (error) {
      if (error instanceof PolicyError) fail(`${at}.policies[${i}]`, error.message)
      throw error
    }
  })
}

function validateKey(value: unknown, at: string, session: boolean, seen: Set<string>, fail: Fail): void {
  if (!isObject(value)) fail(at, 'must be an object with "accessKeyId" and "secretAccessKey"')
  const k = value as Record<string, unknown>
  const known = session ? ['accessKeyId', 'secretAccessKey', 'sessionToken', 'sessionName', 'expiration'] : ['accessKeyId', 'secretAccessKey']
  for (const key of Object.keys(k)) {
    if (!known.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${known.join(', ')})`)
    if (typeof k[key] !== 'string' || k[key] === '') fail(`${at}.${key}`, 'must be a non-empty string')
  }
  for (const key of known.filter((name) => name !== 'expiration')) if (k[key] === undefined) fail(`${at}.${key}`, 'is required')
  if (!ACCESS_KEY_ID.test(k.accessKeyId as string)) fail(`${at}.accessKeyId`, 'an access key id is 16-128 upper-case letters and digits, e.g. AKIAIOSFODNN7EXAMPLE')
  if (seen.has(k.accessKeyId as string)) fail(`${at}.accessKeyId`, `${k.accessKeyId as string} is used twice`)
  seen.add(k.accessKeyId as string)
  if (session && !SESSION_NAME.test(k.sessionName as string)) fail(`${at}.sessionName`, 'a session name is 2-64 letters, digits or any of _+=,.@-')
  if (k.expiration !== undefined && Number.isNaN(Date.parse(k.expiration as string))) fail(`${at}.expiration`, 'must be an ISO 8601 date-time')
}

/** The validated section as a lookup by access key id; `accountId` is the default account. */
export function createIamDirectory(config: IamFileConfig['iam'], options: { accountId: string }): IamDirectory {
  const credentials = new Map<string, IamCredential>()
  for (const [name, user] of Object.entries(config?.users ?? {})) {
    const accountId = user.accountId ?? options.accountId
    const arn = `arn:aws:iam::${accountId}:user/${name}`
    const principal: IamPrincipal = Object.freeze({ type: 'User', userName: name, accountId, arn, principalArn: arn, userId: uniqueId('AIDA', arn), policies: compileAll(user.policies) })
    for (const key of user.accessKeys ?? []) credentials.set(key.accessKeyId, Object.freeze({ principal, secretAccessKey: key.secretAccessKey }))
  }
  for (const [name, role] of Object.entries(config?.roles ?? {})) {
    const accountId = role.accountId ?? options.accountId
    const roleArn = `arn:aws:iam::${accountId}:role/${name}`
    const roleId = uniqueId('AROA', roleArn)
    const policies = compileAll(role.policies)
    for (const session of role.sessions ?? []) {
      const principal: IamPrincipal = Object.freeze({
        type: 'AssumedRole',
        accountId,
        arn: `arn:aws:sts::${accountId}:assumed-role/${name}/${session.sessionName}`,
        principalArn: roleArn,
        userId: `${roleId}:${session.sessionName}`,
        policies,
      })
      credentials.set(
        session.accessKeyId,
        Object.freeze({
          principal,
          secretAccessKey: session.secretAccessKey,
          sessionToken: session.sessionToken,
          ...(session.expiration !== undefined && { expiresAt: Date.parse(session.expiration) }),
        }),
      )
    }
  }
  return { credential: (accessKeyId) => credentials.get(accessKeyId), size: credentials.size }
}

function compileAll(policies: Array<object | string> | undefined): readonly CompiledPolicy[] {
  return Object.freeze((policies ?? []).map((p) => compilePolicy(p)))
}

/** IAM's unique ids are 21 characters, a type prefix and 17 more; derived from the ARN so they stay put across restarts. */
function uniqueId(prefix: string, arn: string): string {
  const digest = createHash('sha256').update(arn).digest()
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let id = prefix
  for (let i = 0; id.length < 21; i++) id += alphabet[digest[i]! % 32]
  return id
}
