import type { ApiError } from './errors.ts'
import { badRequest } from './errors.ts'

/** AWS's PatchOperation: every value travels as a string. */
export interface PatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test'
  path: string
  value?: string
  from?: string
}

/** `/a~1b/c` → `['a/b', 'c']` (RFC 6901 escaping, as AWS uses it: `~1` is `/`, `~0` is `~`). */
export function decodePatchPath(path: string): string[] {
  if (path === '' || path === '/') return []
  const body = path.startsWith('/') ? path.slice(1) : path
  return body.split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** AWS's text for a path an operation does not accept (two spaces after "path", sic). */
export function invalidPatchPath(op: string, path: string, allowed: readonly string[]): ApiError {
  return badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${allowed.join(', ')}]`)
}

/** AWS's text for an op a resource does not support. */
export function invalidPatchOp(allowed: readonly string[] = ['add', 'remove', 'replace']): ApiError {
  return badRequest(`Invalid patch operation specified. Must be ${allowed.map((o) => `'${o}'`).join('|')}`)
}
