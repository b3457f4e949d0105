import type { RequestContext } from '../gateway/types.ts'
import { HeaderMap } from '../lib/multi-map.ts'
import { IntegrationConfigError } from './errors.ts'
import type { EndpointResponse } from './exchange.ts'
import { ILLEGAL_MAPPED_REQUEST_HEADERS } from './remapped-headers.ts'
import { compileRequestValue, compileResponseValue, type RequestValue, type ResponseValue } from './template-bindings.ts'

/**
 * `requestParameters` (`integration.request.{path|querystring|header}.<name>` ← method request
 * parameter, `method.request.body[.JSONPath]`, `'static'`, `context.*`, `stageVariables.*`) and
 * `responseParameters` (`method.response.header.<name>` ← `integration.response.header.*`,
 * `integration.response.body[.JSONPath]`, `'static'`, `context.*`, `stageVariables.*`)
 * (Developer Guide request-response-data-mappings.md), compiled once.
 * A source that yields nothing leaves the target out. `apply` throws MappingBodyError when a
 * `*.body.<JSONPath>` source reads a payload that looks like JSON but is not.
 */

const REQUEST_KEY = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.([a-zA-Z0-9._$-]+)$/
const RESPONSE_KEY = /^method\.response\.header\.([a-zA-Z0-9._$-]+)$/

export interface MappedRequest {
  pathParams: Record<string, string>
  query: Array<[string, string]>
  headers: HeaderMap
}

export interface RequestParameterMapping {
  readonly empty: boolean
  /** a mapped header AWS refuses at call time (500, "… header already present"); undefined if none */
  readonly illegalHeader: string | undefined
  apply(ctx: RequestContext): MappedRequest
}

interface Target<V> {
  name: string
  value: V
}

export function compileRequestParameters(parameters: Readonly<Record<string, string>> | undefined, where: string): RequestParameterMapping {
  const path: Array<Target<RequestValue> & { parameter: string | undefined }> = []
  const query: Target<RequestValue>[] = []
  const header: Target<RequestValue>[] = []
  let illegalHeader: string | undefined
  for (const [key, expression] of Object.entries(parameters ?? {})) {
    const m = REQUEST_KEY.exec(key)
    if (m === null) throw new IntegrationConfigError(`Invalid mapping expression specified: ${key} (${where})`)
    const [, location, name] = m as unknown as [string, string, string]
    const multi = location === 'querystring' || location === 'multivaluequerystring'
    const value = compileRequestValue(expression, `${where} ${key}`, multi)
    if (location === 'path') path.push({ name, value, parameter: METHOD_PATH_PARAMETER.exec(expression)?.[1] })
    else if (multi) query.push({ name, value })
    else {
      header.push({ name, value })
      if (illegalHeader === undefined && ILLEGAL_MAPPED_REQUEST_HEADERS.has(name.toLowerCase())) illegalHeader = name
    }
  }
  const empty = path.length + query.length + header.length === 0

  return {
    empty,
    illegalHeader,
    apply(ctx) {
      const mapped: MappedRequest = { pathParams: {}, query: [], headers: new HeaderMap() }
      if (empty) return mapped
      for (const t of path) {
        // `method.request.path.<name>`, read straight from the context: proxy resources map `{proxy}` on every request
        if (t.parameter !== undefined) {
          if (Object.hasOwn(ctx.pathParameters, t.parameter)) mapped.pathParams[t.name] = ctx.pathParameters[t.parameter]!
          continue
        }
        const v = t.value(ctx)
        if (v !== undefined) mapped.pathParams[t.name] = v.join(',')
      }
      // several values of one query string parameter go out repeated
      for (const t of query) for (const v of t.value(ctx) ?? []) mapped.query.push([t.name, v])
      for (const t of header) {
        const v = t.value(ctx)
        if (v !== undefined) mapped.headers.set(t.name, v.join(','))
      }
      return mapped
    },
  }
}

/** `method.request.path.<name>`: read straight from the context (apply). The expression is still compiled, so an invalid one fails as before. */
const METHOD_PATH_PARAMETER = /^method\.request\.path\.([a-zA-Z0-9._$-]+)$/

export interface ResponseParameterMapping {
  readonly empty: boolean
  /** [method response header name, value] in definition order */
  apply(ctx: RequestContext, response: EndpointResponse): Array<[string, string]>
}

export function compileResponseParameters(parameters: Readonly<Record<string, string>> | undefined, where: string): ResponseParameterMapping {
  const targets: Target<ResponseValue>[] = []
  for (const [key, expression] of Object.entries(parameters ?? {})) {
    const m = RESPONSE_KEY.exec(key)
    if (m === null) throw new IntegrationConfigError(`Invalid mapping expression specified: ${key} (${where})`)
    targets.push({ name: m[1]!, value: compileResponseValue(expression, `${where} ${key}`) })
  }
  return {
    empty: targets.length === 0,
    apply(ctx, response) {
      const out: Array<[string, string]> = []
      for (const t of targets) {
        const v = t.value(ctx, response)
        if (v !== undefined) out.push([t.name, v])
      }
      return out
    },
  }
}
