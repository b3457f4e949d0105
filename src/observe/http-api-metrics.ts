/**
 * What an HTTP API's metrics need beyond a REST API's ([DG:http-api-metrics]: Count, 4xx, 5xx,
 * Latency, IntegrationLatency, DataProcessed; dimensions `ApiId`, `ApiId, Stage` and, for a
 * route with detailed metrics, `ApiId, Method, Resource, Stage`).
 */
import type { MethodPlan, RequestContext } from '../gateway/types.ts'
import { firstRawHeader } from '../lib/raw-headers.ts'

/**
 * A route's `Method` and `Resource`: `GET /pets/{id}` → GET and `/pets/{id}`; `ANY /x` → ANY;
 * the `$default` route → ANY and `$default` (AWS documents the dimensions as the resource path
 * and route, not what `$default` reports: the route key is kept whole there).
 */
export function routeDimensions(route: MethodPlan): { method: string; resource: string } {
  const key = route.routeKey ?? `${route.httpMethod} ${route.resourcePath}`
  const space = key.indexOf(' ')
  return space < 0 ? { method: 'ANY', resource: key } : { method: key.slice(0, space), resource: key.slice(space + 1) }
}

/**
 * DataProcessed, in bytes: the request body (as read, else as its Content-Length announced: a
 * streamed HTTP_PROXY body is not held) plus the answer's body (its length, or the Content-Length
 * a streamed answer carried; an unframed streamed answer counts 0). AWS does not document what
 * it counts beyond "the amount of data processed in bytes".
 */
export function dataProcessed(ctx: RequestContext): number {
  // a socket's announced length, read from rawHeaders as the rest of the request path reads headers (`req.headers` would be built for this alone)
  const announced = ctx.sent.incoming === undefined ? undefined : firstRawHeader(ctx.sent.rawHeaders, 'content-length')
  const request = ctx.body.length > 0 ? ctx.body.length : Number(announced ?? 0) || 0
  const answer = Number(ctx.sink.contentLength ?? 0) || 0
  return request + answer
}
