import type { IncomingMessage, ServerResponse } from 'node:http'
import { HeaderMap, parseQuery } from '../lib/multi-map.ts'
import type { RequestContext, RuntimePlan } from './types.ts'

export interface RequestIds {
  requestId: string
  extendedRequestId: string
}

export interface ContextInput {
  req: IncomingMessage
  res: ServerResponse
  ids: RequestIds
  receivedAt: { epochMs: number; perfMs: number }
  plan: RuntimePlan
  apiId: string
  stageName: string
  /** the path after the stage as sent */
  rawPath: string
  rawQuery: string
  headers: HeaderMap
}

const OVERRIDABLE = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'])

/** The typed per-request state, built once the API and stage are known. */
export function createRequestContext(input: ContextInput): RequestContext {
  const { req, res, headers } = input
  return {
    req,
    res,
    requestId: input.ids.requestId,
    extendedRequestId: input.ids.extendedRequestId,
    requestTimeEpoch: input.receivedAt.epochMs,
    startedAt: input.receivedAt.perfMs,
    httpMethod: effectiveMethod(req.method ?? 'GET', headers.get('x-http-method-override')),
    path: decodePath(input.rawPath),
    rawPath: input.rawPath,
    rawQuery: input.rawQuery,
    query: parseQuery(input.rawQuery),
    headers,
    body: Buffer.alloc(0),
    sourceIp: sourceIp(req),
    protocol: `HTTP/${req.httpVersion}`,
    domainName: hostWithoutPort(headers.get('host') ?? ''),
    apiId: input.apiId,
    stageName: input.stageName,
    stageVariables: input.plan.stageVariables,
    plan: input.plan,
    pathParameters: {},
    log: [],
  }
}

/** `X-HTTP-Method-Override` replaces the verb (AWS known issues); only real verbs are honoured. */
export function effectiveMethod(method: string, override: string | undefined): string {
  const upper = override?.trim().toUpperCase()
  return upper !== undefined && OVERRIDABLE.has(upper) ? upper : method.toUpperCase()
}

/** Percent-decodes each segment; a segment with invalid encoding is kept as sent. */
export function decodePath(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/'
  if (!rawPath.includes('%')) return rawPath
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment)
      } catch {
        return segment
      }
    })
    .join('/')
}

function sourceIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? ''
  return address.startsWith('::ffff:') ? address.slice(7) : address
}

function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  const colon = host.lastIndexOf(':')
  return colon < 0 ? host : host.slice(0, colon)
}
