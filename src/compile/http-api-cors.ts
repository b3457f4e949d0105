import type { HttpAnswer, RequestContext } from '../gateway/types.ts'
import type { V2Cors } from '../model/index.ts'

/**
 * CORS as an HTTP API with a `corsConfiguration` does it (Developer Guide http-api-cors.md):
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) that no `OPTIONS`
 *   route claims is answered by the gateway itself, before authorizers and integrations: 204 with
 *   the allowed origin, methods, headers, max age and credentials (status 204: unsure; the doc
 *   names no status);
 * - every other response to an allowed `Origin` gets `Access-Control-Allow-Origin`,
 *   `-Allow-Credentials` and `-Expose-Headers`, and the backend's own `Access-Control-*`
 *   headers are dropped ("API Gateway ignores CORS headers returned from your backend integration");
 * - an `Origin` that is not allowed gets no CORS headers (the browser then refuses the response).
 * `*` in allowOrigins allows any origin; the answer echoes the request's origin when credentials
 * are allowed (a browser refuses `*` with credentials), else `*`. Origins compare
 * case-insensitively.
 */
export interface Cors {
  /** whether the request is a preflight the gateway answers (route matching has not claimed it) */
  isPreflight(ctx: RequestContext): boolean
  preflight(ctx: RequestContext): HttpAnswer
  /** the CORS headers for a response to this request (none when the origin is not allowed) */
  headers(ctx: RequestContext): Array<[string, string]>
}

export function compileCors(config: V2Cors | undefined): Cors | undefined {
  if (config === undefined) return undefined
  const origins = (config.allowOrigins ?? []).map((o) => o.toLowerCase())
  const anyOrigin = origins.includes('*')
  const credentials = config.allowCredentials === true
  const methods = join(config.allowMethods)
  const allowHeaders = join(config.allowHeaders)
  const expose = join(config.exposeHeaders)
  const maxAge = config.maxAge !== undefined && config.maxAge >= 0 ? String(config.maxAge) : undefined

  const allowedOrigin = (ctx: RequestContext): string | undefined => {
    const origin = ctx.headers.get('origin')
    if (origin === undefined) return undefined
    if (anyOrigin) return credentials ? origin : '*'
    return origins.includes(origin.toLowerCase()) ? origin : undefined
  }

  return {
    isPreflight: (ctx) => ctx.httpMethod === 'OPTIONS' && ctx.headers.has('origin') && ctx.headers.has('access-control-request-method'),
    preflight(ctx) {
      const headers: Record<string, string> = {}
      const origin = allowedOrigin(ctx)
      if (origin !== undefined) {
        headers['access-control-allow-origin'] = origin
        if (credentials) headers['access-control-allow-credentials'] = 'true'
        if (methods !== undefined) headers['access-control-allow-methods'] = methods
        if (allowHeaders !== undefined) headers['access-control-allow-headers'] = allowHeaders
        if (expose !== undefined) headers['access-control-expose-headers'] = expose
        if (maxAge !== undefined) headers['access-control-max-age'] = maxAge
      }
      return { kind: 'http', statusCode: 204, headers, body: '' }
    },
    headers(ctx) {
      const origin = allowedOrigin(ctx)
      if (origin === undefined) return []
      const out: Array<[string, string]> = [['access-control-allow-origin', origin]]
      if (credentials) out.push(['access-control-allow-credentials', 'true'])
      if (expose !== undefined) out.push(['access-control-expose-headers', expose])
      return out
    },
  }
}

function join(values: readonly string[] | undefined): string | undefined {
  return values === undefined || values.length === 0 ? undefined : values.join(',')
}
