import { createHash } from 'node:crypto'
import type { RequestContext } from '../gateway/types.ts'

/** Reads one cache key parameter's value(s) from the request; null when it is absent. */
type KeyPart = (ctx: RequestContext) => string | string[] | null

/** A function of the request giving its cache key within one method's namespace. */
export type CacheKeyFunction = (ctx: RequestContext) => string

/**
 * The cache key of a method: its namespace (the integration's `cacheNamespace`, AWS's default
 * being the resource id), the request's verb and the values of its `cacheKeyParameters`
 * (`method.request.{header,multivalueheader,querystring,multivaluequerystring,path}.NAME`), hashed
 * with SHA-256 so keys are bounded in size and never hold header values (tokens) in the clear.
 * Requests that differ only in parameters outside the list share one entry, as on AWS — a
 * `{proxy+}` or `{id}` path needs its path parameter listed.
 */
export function compileCacheKey(namespace: string, parameters: readonly string[]): CacheKeyFunction {
  const parts = parameters.map(keyPart)
  const prefix = JSON.stringify(namespace) + '\n'
  return function cacheKey(ctx) {
    const hash = createHash('sha256').update(prefix).update(ctx.httpMethod)
    for (const part of parts) hash.update('\n' + JSON.stringify(part(ctx)))
    return hash.digest('base64url')
  }
}

function keyPart(expression: string): KeyPart {
  const match = /^method\.request\.(header|multivalueheader|querystring|multivaluequerystring|path)\.(.+)$/.exec(expression)
  if (!match) throw new Error(`Invalid cache key parameter specified: ${expression}`)
  const name = match[2]!
  switch (match[1]) {
    case 'header':
      return (ctx) => ctx.headers.get(name) ?? null
    case 'multivalueheader':
      return (ctx) => (ctx.headers.has(name) ? ctx.headers.getAll(name) : null)
    case 'querystring':
      return (ctx) => ctx.query.get(name) ?? null
    case 'multivaluequerystring':
      return (ctx) => (ctx.query.has(name) ? ctx.query.getAll(name) : null)
    default:
      return (ctx) => ctx.pathParameters[name] ?? null
  }
}
