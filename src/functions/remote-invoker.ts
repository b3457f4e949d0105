/**
 * Functions that are not local, invoked through the Lambda Invoke API on a configured endpoint
 * (AWS itself or any Lambda-compatible emulator):
 * `POST {endpoint}/2015-03-31/functions/{name}/invocations[?Qualifier=q]`, SigV4-signed
 * (service `lambda`), `X-Amz-Invocation-Type: RequestResponse`, `X-Amz-Log-Type: Tail`; the answer's
 * `X-Amz-Function-Error` marks a function error, `X-Amz-Log-Result` carries the last 4 KB of logs.
 */
import type { LambdaEndpointConfig } from '../config-file.ts'
import { InvokeError, type FunctionInvoker, type InvokeRequest, type InvokeResult } from '../gateway/function-invoker.ts'
import { MAX_REQUEST_PAYLOAD_BYTES } from './local-runtime.ts'
import { signRequest } from '../lib/sigv4/sign.ts'

export interface RemoteInvokerOptions {
  lambda: LambdaEndpointConfig
  /** used when `lambda.region` is absent */
  region: string
  fetch?: typeof fetch
}

export function createRemoteInvoker(options: RemoteInvokerOptions): FunctionInvoker {
  const endpoint = options.lambda.endpoint.replace(/\/+$/, '')
  const region = options.lambda.region ?? options.region
  const doFetch = options.fetch ?? fetch
  const controllers = new Set<AbortController>()

  async function invoke(request: InvokeRequest): Promise<InvokeResult> {
    const body = JSON.stringify(request.payload === undefined ? {} : request.payload)
    if (Buffer.byteLength(body) > MAX_REQUEST_PAYLOAD_BYTES) {
      throw new InvokeError('RequestEntityTooLargeException', 413, `Request must be smaller than ${MAX_REQUEST_PAYLOAD_BYTES} bytes for the InvokeFunction operation`)
    }
    const url = new URL(`${endpoint}/2015-03-31/functions/${encodeURIComponent(request.functionName)}/invocations`)
    if (request.qualifier !== undefined) url.searchParams.set('Qualifier', request.qualifier)
    let headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amz-invocation-type': 'RequestResponse',
      'x-amz-log-type': 'Tail',
    }
    if (options.lambda.accessKeyId !== undefined && options.lambda.secretAccessKey !== undefined) {
      headers = signRequest({
        method: 'POST',
        url,
        headers,
        body,
        service: 'lambda',
        region,
        accessKeyId: options.lambda.accessKeyId,
        secretAccessKey: options.lambda.secretAccessKey,
        ...(options.lambda.sessionToken === undefined ? {} : { sessionToken: options.lambda.sessionToken }),
      }).headers
      delete headers.host // fetch sets it; undici refuses a caller-supplied one
    }

    const controller = new AbortController()
    controllers.add(controller)
    const timer = setTimeout(() => controller.abort(), request.timeoutMs)
    const started = performance.now()
    try {
      let response: Response
      let text: string
      try {
        response = await doFetch(url, { method: 'POST', headers, body, signal: controller.signal })
        text = await response.text()
      } catch (error) {
        if (controller.signal.aborted) return callerTimeout(request, performance.now() - started)
        throw new InvokeError('ServiceException', 502, `Could not reach the Lambda endpoint ${endpoint}: ${(error as Error).message}`)
      }
      const durationMs = performance.now() - started
      if (response.status < 200 || response.status > 299) throw apiError(response, text)
      const functionError = response.headers.get('x-amz-function-error') ?? undefined
      const awsRequestId = response.headers.get('x-amzn-requestid') ?? undefined
      const executedVersion = response.headers.get('x-amz-executed-version') ?? undefined
      const tail = response.headers.get('x-amz-log-result')
      return {
        payload: parsePayload(text),
        logs: tail ? Buffer.from(tail, 'base64').toString('utf8').split('\n').filter((line) => line !== '') : [],
        durationMs,
        ...(functionError === undefined ? {} : { functionError: functionError === 'Handled' ? 'Handled' : 'Unhandled' }),
        ...(awsRequestId === undefined ? {} : { awsRequestId }),
        ...(executedVersion === undefined ? {} : { executedVersion }),
      }
    } finally {
      clearTimeout(timer)
      controllers.delete(controller)
    }
  }

  return {
    has: () => true,
    invoke,
    async close() {
      for (const controller of controllers) controller.abort()
    },
  }
}

/** Lambda answers an empty body for a function that returned nothing it could serialise. */
function parsePayload(text: string): unknown {
  if (text === '') return null
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Lambda's API errors: `x-amzn-ErrorType` and a body of `{"Type": …, "message"|"Message": …}`. */
function apiError(response: Response, text: string): InvokeError {
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // not JSON: keep the status
  }
  const type = (response.headers.get('x-amzn-errortype') ?? String(body.__type ?? body.Type ?? 'ServiceException')).split(':')[0]!.split('#').pop()!
  const message = String(body.message ?? body.Message ?? (text || response.statusText))
  return new InvokeError(type, response.status, message)
}

/** The caller's deadline passed first; the remote function may still be running. */
function callerTimeout(request: InvokeRequest, durationMs: number): InvokeResult {
  const seconds = (request.timeoutMs / 1000).toFixed(2)
  return {
    functionError: 'Unhandled',
    payload: { errorType: 'Sandbox.Timedout', errorMessage: `Error: Task timed out after ${seconds} seconds` },
    logs: [],
    durationMs,
    timedOut: 'caller',
  }
}
