/**
 * A real HTTP server that speaks Lambda's Invoke API (RequestResponse) in front of any
 * FunctionInvoker: the remote invoker's counterpart for tests, so both invokers can run the same
 * functions (the local runtime's) and be held to one contract.
 * `POST /2015-03-31/functions/{name}/invocations[?Qualifier=q]` answers as Lambda does: 200 with
 * the payload, `X-Amz-Function-Error` for a function error, `X-Amz-Log-Result` (the last 4 KB of
 * the log, base64) when `X-Amz-Log-Type: Tail`; an API error is its status with
 * `x-amzn-ErrorType` and `{"Type": "User", "message": …}`. Unsigned: SigV4 is
 * test/functions/remote-invoke.test.ts's concern.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { InvokeError, type FunctionInvoker } from '../../src/gateway/function-invoker.ts'

/** Lambda's longest function timeout: the function's own timeout decides, as on Lambda */
const MAX_FUNCTION_TIMEOUT_MS = 900_000
const LOG_TAIL_BYTES = 4096
const INVOCATIONS = /^\/2015-03-31\/functions\/([^/?]+)\/invocations$/

export interface LambdaInvokeEndpoint {
  /** `http://127.0.0.1:port`: the `lambda.endpoint` of a remote invoker */
  url: string
  close(): Promise<void>
}

export async function startLambdaInvokeEndpoint(invoker: FunctionInvoker): Promise<LambdaInvokeEndpoint> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => void answer(invoker, req, Buffer.concat(chunks).toString('utf8'), res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

async function answer(invoker: FunctionInvoker, req: IncomingMessage, body: string, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://lambda')
  const match = INVOCATIONS.exec(url.pathname)
  if (req.method !== 'POST' || match === null) return apiError(res, new InvokeError('ResourceNotFoundException', 404, `No such operation: ${req.method} ${url.pathname}`))
  let payload: unknown
  try {
    payload = body === '' ? {} : JSON.parse(body)
  } catch {
    return apiError(res, new InvokeError('InvalidRequestContentException', 400, 'Could not parse request body into json'))
  }
  try {
    const result = await invoker.invoke({
      functionName: decodeURIComponent(match[1]!),
      ...(url.searchParams.has('Qualifier') && { qualifier: url.searchParams.get('Qualifier')! }),
      payload,
      requestId: randomUUID(),
      timeoutMs: MAX_FUNCTION_TIMEOUT_MS,
    })
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (result.awsRequestId !== undefined) headers['x-amzn-RequestId'] = result.awsRequestId
    if (result.executedVersion !== undefined) headers['X-Amz-Executed-Version'] = result.executedVersion
    if (result.functionError !== undefined) headers['X-Amz-Function-Error'] = result.functionError
    if (req.headers['x-amz-log-type'] === 'Tail') headers['X-Amz-Log-Result'] = logTail(result.logs)
    res.writeHead(200, headers).end(result.payload === undefined ? '' : JSON.stringify(result.payload))
  } catch (error) {
    if (!(error instanceof InvokeError)) throw error
    apiError(res, error)
  }
}

function apiError(res: ServerResponse, error: InvokeError): void {
  res.writeHead(error.statusCode, { 'content-type': 'application/json', 'x-amzn-ErrorType': error.type }).end(JSON.stringify({ Type: 'User', message: error.message }))
}

function logTail(lines: readonly string[]): string {
  const log = Buffer.from(lines.map((line) => `${line}\n`).join(''))
  return log.subarray(Math.max(0, log.length - LOG_TAIL_BYTES)).toString('base64')
}
