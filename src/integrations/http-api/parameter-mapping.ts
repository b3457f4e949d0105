import type { RequestContext } from '../../gateway/types.ts'
import { HeaderMap } from '../../lib/multi-map.ts'
import { IntegrationConfigError } from '../errors.ts'
import { httpApiContext, stagePath } from './context.ts'
import { compileMappingValue, type MappingSources, type MappingValue } from './mapping-value.ts'

/**
 * An HTTP API integration's `requestParameters` (`append|overwrite|remove:header.<name>`,
 * `append|overwrite|remove:querystring.<name>`, `overwrite:path`) and `responseParameters`
 * (by integration status code: `append|overwrite|remove:header.<name>`, `overwrite:statuscode`),
 * Developer Guide http-api-parameter-mapping.md, compiled once per stage. Values: mapping-value.ts.
 * Every value is read from the request as the client sent it, then the operations apply in the
 * order they are configured; a value that finds nothing leaves its operation out.
 */
type Operation = 'append' | 'overwrite' | 'remove'

interface Step {
  op: Operation
  name: string
  value: MappingValue
}

const REQUEST_KEY = /^(append|overwrite|remove):(header|querystring)\.(.+)$/
const RESPONSE_KEY = /^(append|overwrite|remove):header\.(.+)$/

/** The request an integration receives after mapping. */
export interface MappedHttpApiRequest {
  headers: HeaderMap
  /** case-sensitive names */
  query: HeaderMap
  /** `overwrite:path`: the path the integration gets instead of the request's, when mapped */
  path: string | undefined
}

export interface HttpApiRequestMapping {
  readonly empty: boolean
  /** a value reads `$request.body`: the body must be buffered */
  readonly readsBody: boolean
  apply(ctx: RequestContext): MappedHttpApiRequest
}

export function compileHttpApiRequestParameters(parameters: Readonly<Record<string, string>> | undefined, where: string): HttpApiRequestMapping {
  const headers: Step[] = []
  const query: Step[] = []
  let path: MappingValue | undefined
  let readsBody = false
  for (const [key, text] of Object.entries(parameters ?? {})) {
    if (text.includes('request.body')) readsBody = true
    if (key === 'overwrite:path') {
      path = compileMappingValue(text, 'request', `${where} ${key}`)
      continue
    }
    const m = REQUEST_KEY.exec(key)
    if (m === null) throw new IntegrationConfigError(`Invalid mapping expression specified: ${key} (${where})`)
    const [, op, location, name] = m as unknown as [string, Operation, string, string]
    const value = op === 'remove' ? () => '' : compileMappingValue(text, 'request', `${where} ${key}`)
    ;(location === 'header' ? headers : query).push({ op, name, value })
  }
  const empty = headers.length === 0 && query.length === 0 && path === undefined

  return {
    empty,
    readsBody,
    apply(ctx) {
      const mappedHeaders = HeaderMap.fromRaw(ctx.sent.rawHeaders)
      const mappedQuery = new HeaderMap(true)
      for (const [name, values] of ctx.query.entries()) for (const value of values) mappedQuery.append(name, value)
      if (empty) return { headers: mappedHeaders, query: mappedQuery, path: undefined }
      const sources = requestSources(ctx)
      run(headers, sources, mappedHeaders)
      run(query, sources, mappedQuery)
      return { headers: mappedHeaders, query: mappedQuery, path: path?.(sources) }
    },
  }
}

/** What the response mapping changes: the status and the headers of the integration's answer. */
export interface MappedHttpApiResponse {
  statusCode: number
  headers: HeaderMap
}

export interface HttpApiResponseMapping {
  readonly empty: boolean
  /** a value reads `$response.body`: the integration's answer must be buffered */
  readonly readsBody: boolean
  apply(ctx: RequestContext, statusCode: number, headers: HeaderMap, body: () => string): MappedHttpApiResponse
}

export function compileHttpApiResponseParameters(parameters: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined, where: string): HttpApiResponseMapping {
  const byStatus = new Map<number, { headers: Step[]; status: MappingValue | undefined }>()
  let readsBody = false
  for (const [code, mappings] of Object.entries(parameters ?? {})) {
    const status = Number(code)
    if (!/^\d{3}$/.test(code) || status < 200 || status > 599) throw new IntegrationConfigError(`Invalid status code ${code} in responseParameters (${where})`)
    const entry = { headers: [] as Step[], status: undefined as MappingValue | undefined }
    for (const [key, text] of Object.entries(mappings)) {
      if (text.includes('response.body')) readsBody = true
      if (key === 'overwrite:statuscode') {
        entry.status = compileMappingValue(text, 'response', `${where} ${code} ${key}`)
        continue
      }
      const m = RESPONSE_KEY.exec(key)
      if (m === null) throw new IntegrationConfigError(`Invalid mapping expression specified: ${key} (${where})`)
      const [, op, name] = m as unknown as [string, Operation, string]
      entry.headers.push({ op, name, value: op === 'remove' ? () => '' : compileMappingValue(text, 'response', `${where} ${code} ${key}`) })
    }
    byStatus.set(status, entry)
  }

  return {
    empty: byStatus.size === 0,
    readsBody,
    apply(ctx, statusCode, headers, body) {
      const entry = byStatus.get(statusCode)
      if (entry === undefined) return { statusCode, headers }
      const original = new HeaderMap()
      for (const [name, values] of headers.entries()) for (const value of values) original.append(name, value)
      let context: Record<string, unknown> | undefined
      const sources: MappingSources = {
        header: (name) => original.getAll(name),
        body,
        context: () => (context ??= httpApiContext(ctx)),
        stageVariables: ctx.stageVariables,
      }
      run(entry.headers, sources, headers)
      let mappedStatus = statusCode
      const status = entry.status?.(sources)
      if (status !== undefined && /^\d{3}$/.test(status.trim())) mappedStatus = Number(status.trim())
      return { statusCode: mappedStatus, headers }
    },
  }
}

/** What a request-side mapping value reads of this request. */
export function requestSources(ctx: RequestContext): MappingSources {
  let context: Record<string, unknown> | undefined
  return {
    header: (name) => ctx.headers.getAll(name),
    querystring: (name) => ctx.query.getAll(name),
    body: () => ctx.body.toString('utf8'),
    path: () => stagePath(ctx),
    pathParameter: (name) => ctx.pathParameters[name],
    context: () => (context ??= httpApiContext(ctx)),
    stageVariables: ctx.stageVariables,
  }
}

function run(steps: readonly Step[], sources: MappingSources, target: HeaderMap): void {
  for (const step of steps) {
    if (step.op === 'remove') {
      target.delete(step.name)
      continue
    }
    const value = step.value(sources)
    if (value === undefined) continue
    if (step.op === 'overwrite') target.set(step.name, value)
    else target.append(step.name, value)
  }
}
