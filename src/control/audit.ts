import type { AuditEntry } from '../model/account.ts'
import type { Operation, OperationRequest } from './protocol/operation.ts'

/**
 * The audit trail: every successful change made through the management API, with who made it
 * (the SigV4 access key), what, on which resource, when, and the request's parameters minus
 * secrets. The protocol handler appends an entry after each successful change:
 *
 * ```ts
 * if (changesState(operation)) await store.appendAudit(auditEntry(operation, request, Date.now()))
 * ```
 */

/** what stands in for a removed secret */
export const REDACTED = '***'

/** body members that carry secrets, wherever they appear */
const SECRET_MEMBERS = new Set([
  'value', // CreateApiKey
  'pemEncodedCertificate',
  'certificateBody',
  'certificatePrivateKey',
  'certificateChain',
  'secretAccessKey',
])

/** patch paths whose values are secrets (an API key's value) */
const SECRET_PATCH_PATHS = new Set(['/value'])

/** Operations that read or test without changing anything are not audited. */
export function changesState(operation: Pick<Operation, 'name' | 'method'>): boolean {
  return operation.method !== 'GET' && !operation.name.startsWith('TestInvoke')
}

/**
 * The request's parameters for the audit trail: path parameters, query parameters and the JSON
 * body, secrets replaced by `***`. A raw body (an OpenAPI import, ImportApiKeys' CSV, which holds
 * key values) is recorded by size only.
 */
export function auditParameters(
  body: Record<string, unknown> | undefined,
  query: URLSearchParams,
  params: Record<string, string>,
  rawBodyBytes?: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (Object.keys(params).length > 0) out.path = { ...params }
  const q: Record<string, string | string[]> = {}
  for (const key of new Set(query.keys())) {
    const all = query.getAll(key)
    q[key] = all.length === 1 ? all[0]! : all
  }
  if (Object.keys(q).length > 0) out.query = q
  if (rawBodyBytes !== undefined) out.body = { bytes: rawBodyBytes }
  else if (body !== undefined && Object.keys(body).length > 0) out.body = redact(body) as Record<string, unknown>
  return out
}

/** the entry to append for `request` to `operation`, made at `time` (epoch ms) */
export function auditEntry(operation: Pick<Operation, 'name' | 'path' | 'rawBody'>, request: OperationRequest, time: number): AuditEntry {
  return {
    time,
    accessKeyId: request.accessKeyId,
    operation: operation.name,
    resource: resourcePath(operation.path, request.params),
    requestId: request.requestId,
    parameters: auditParameters(
      operation.rawBody ? undefined : request.body,
      request.query,
      request.params,
      operation.rawBody ? request.rawBody.length : undefined,
    ),
  }
}

/** the operation's path template with the request's parameters filled in */
export function resourcePath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = params[name.replace(/\+$/, '')]
    return value === undefined ? whole : encodeURIComponent(value)
  })
}

function redact(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) {
    return member === 'patchOperations' ? value.map(redactPatch) : value.map((v) => redact(v))
  }
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_MEMBERS.has(key) && v !== undefined && v !== null ? REDACTED : redact(v, key)
  }
  return out
}

function redactPatch(op: unknown): unknown {
  if (op === null || typeof op !== 'object') return op
  const { path, value } = op as { path?: unknown; value?: unknown }
  if (typeof path === 'string' && SECRET_PATCH_PATHS.has(path) && value !== undefined) return { ...op, value: REDACTED }
  return { ...op }
}
