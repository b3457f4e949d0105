import { createServer, request, validateHeaderName, validateHeaderValue, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { performance } from 'node:perf_hooks'
import { nodeAnswerSink } from '../../../data/node-answer-sink.ts'
import { runPipeline } from '../../../data/pipeline.ts'
import type { MethodPlan, RequestContext, RuntimePlan } from '../../../data/types.ts'
import { newExtendedRequestId } from '../../../lib/ids.ts'
import { parseQuery, type HeaderMap } from '../../../lib/multi-map.ts'

/**
 * Runs one method's compiled stages for TestInvokeMethod, the same pipeline the data plane runs,
 * on a private loopback listener that lives for this one call (the stages write to a real
 * ServerResponse, and HTTP_PROXY streams into it). The request context is built here, from the
 * test request rather than from the loopback request, so the method sees exactly the headers,
 * body, path and verb the caller asked for; its `log` is a list of its own, so the execution log
 * is kept whatever the data plane's logging settings. Source IP and domain name are AWS's
 * test-invoke placeholders.
 */

export interface TestInvocation {
  plan: RuntimePlan
  method: MethodPlan
  apiId: string
  stageName: string
  requestId: string
  httpMethod: string
  /** the path after the stage, as sent (percent-encoded) */
  rawPath: string
  rawQuery: string
  pathParameters: Record<string, string>
  headers: HeaderMap
  body: Buffer
}

export interface TestInvokeOutcome {
  status: number
  /** response headers in wire order, names as sent */
  headers: Array<[string, string]>
  body: Buffer
  /** the method's execution-log lines */
  log: string[]
  latencyMs: number
}

// headers Node and the answer sink add to every response; AWS's TestInvokeMethod reports only the method's own
const TRANSPORT_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'x-amzn-requestid', 'x-amz-apigw-id'])

export async function runTestInvocation(invocation: TestInvocation, onError?: (error: unknown) => void): Promise<TestInvokeOutcome> {
  let ctx: RequestContext | undefined
  let done: Promise<void> = Promise.resolve()
  const server = createServer(function testInvocation(req: IncomingMessage, res: ServerResponse) {
    res.sendDate = false
    req.resume()
    ctx = testContext(invocation, req, res)
    done = runPipeline(ctx, [], { onError: (error) => onError?.(error) }) ?? Promise.resolve()
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const started = performance.now()
  try {
    const response = await send(port, invocation)
    await done
    return { ...response, log: ctx?.log ?? [], latencyMs: Math.round(performance.now() - started) }
  } finally {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
}

// verbs Node's parser takes; `ANY` (or anything else) travels as POST, the method still sees its own verb
const LOOPBACK_VERBS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'])

/** The loopback request, mirroring the test request for stages that read the raw request. */
function send(port: number, invocation: TestInvocation): Promise<{ status: number; headers: Array<[string, string]>; body: Buffer }> {
  const target = invocation.rawPath + (invocation.rawQuery === '' ? '' : `?${invocation.rawQuery}`)
  const options = {
    host: '127.0.0.1',
    port,
    method: LOOPBACK_VERBS.has(invocation.httpMethod) ? invocation.httpMethod : 'POST',
    path: /^\/[\x21-\x7e]*$/.test(target) ? target : '/',
    headers: loopbackHeaders(invocation.headers),
    agent: false,
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const headers: Array<[string, string]> = []
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!
          if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers.push([name, res.rawHeaders[i + 1]!])
        }
        resolve({ status: res.statusCode ?? 500, headers, body: Buffer.concat(chunks) })
      })
    })
    outgoing.on('error', reject)
    outgoing.end(invocation.body)
  })
}

function testContext(invocation: TestInvocation, req: IncomingMessage, res: ServerResponse): RequestContext {
  const extendedRequestId = newExtendedRequestId()
  return {
    req,
    sink: nodeAnswerSink(res, { requestId: invocation.requestId, extendedRequestId }),
    requestId: invocation.requestId,
    extendedRequestId,
    requestTimeEpoch: Date.now(),
    startedAt: performance.now(),
    httpMethod: invocation.httpMethod,
    path: decodePath(invocation.rawPath),
    rawPath: invocation.rawPath,
    rawQuery: invocation.rawQuery,
    query: parseQuery(invocation.rawQuery),
    headers: invocation.headers,
    body: invocation.body,
    sourceIp: 'test-invoke-source-ip',
    protocol: 'HTTP/1.1',
    domainName: 'testPrefix.testDomainName',
    apiId: invocation.apiId,
    stageName: invocation.stageName,
    stageVariables: invocation.plan.stageVariables,
    plan: invocation.plan,
    route: invocation.method,
    pathParameters: { ...invocation.pathParameters },
    log: [],
  }
}

function decodePath(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/'
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

/** The test request's headers that Node can send as they are (the rest only reach the method through `ctx.headers`). */
function loopbackHeaders(headers: HeaderMap): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {}
  for (const [name, values] of headers.entries()) {
    const lower = name.toLowerCase()
    if (lower === 'host' || lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue
    try {
      validateHeaderName(name)
      for (const v of values) validateHeaderValue(name, v)
    } catch {
      continue
    }
    out[name] = values.length === 1 ? values[0]! : values
  }
  return out
}
