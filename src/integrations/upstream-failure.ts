import type { GatewayError, RequestContext } from '../gateway/types.ts'
import { ShedWhileWaiting } from './upstream-admission.ts'
import { completedWith, configurationError, integrationBusy, integrationFailure, integrationTimeout } from './errors.ts'

/**
 * How a failed backend call is answered, in AWS's terms:
 * - the integration timeout elapsed → 504 INTEGRATION_TIMEOUT "Endpoint request timed out",
 *   logged "Execution failed due to a timeout error" (AWS knowledge center api-gateway-504-errors);
 * - the endpoint cannot be reached (DNS failure, connection refused, unreachable host, invalid
 *   address) → 500 "Internal server error", logged as a configuration error (AWS-recorded
 *   TestInvokeMethod: "Execution failed due to configuration error: Invalid endpoint address" →
 *   500 InternalServerErrorException; re:Post api-gateway-500-error-vpc: target not listening →
 *   500 configuration error; certificate problems likewise, same article);
 * - a response body past the 10 MB payload limit (ResponseTooLarge) → 500 "Internal server
 *   error", logged as an integration error, as HTTP's buffered endpoint response is;
 * - anything after the connection was made (reset, TLS failure, malformed response) → 500
 *   "Internal server error", logged "Execution failed due to a network error communicating with
 *   endpoint" (LocalStack's emulation; the status is a guess).
 */
export function upstreamFailure(error: unknown, timedOut: boolean): { answer: GatewayError; log: string } {
  if (error instanceof ResponseTooLarge) return { answer: integrationFailure(), log: `Execution failed due to an integration error: ${error.message}` }
  if (timedOut || isTimeout(error)) return { answer: integrationTimeout(), log: 'Execution failed due to a timeout error' }
  const code = errorCode(error)
  if (code !== undefined && UNREACHABLE.has(code)) {
    const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ERR_INVALID_URL' ? 'Invalid endpoint address' : `Connect to endpoint failed: ${code}`
    return { answer: configurationError(), log: `Execution failed due to configuration error: ${what}` }
  }
  if (code !== undefined && (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || TLS_CERTIFICATE.test(code))) {
    // re:Post api-gateway-500-error-vpc: certificate problems are configuration errors, 500
    return { answer: configurationError(), log: `Execution failed due to configuration error: ${(error as Error).message}` }
  }
  return {
    answer: integrationFailure(),
    log: `Execution failed due to a network error communicating with endpoint${code ? ` (${code})` : ''}`,
  }
}

/** The endpoint's response body is past AWS's 10 MB payload limit (or the bound given): 500, as HTTP answers it. */
export class ResponseTooLarge extends Error {
  override readonly name = 'ResponseTooLarge'
  constructor(readonly maxBytes: number) {
    super(`endpoint response body exceeds ${maxBytes} bytes`)
  }
}

/** A call the origin's admission shed (upstream-admission.ts): logged and counted as an integration failure, 503. */
export function shedCall(ctx: RequestContext, origin: string, reason: string): GatewayError {
  ctx.log.push(shedLine(origin, reason))
  ctx.integration = { ...ctx.integration, error: `shed: ${reason}` }
  ctx.shed = 'upstream-busy'
  return completedWith(ctx, integrationBusy())
}

/** A waiting call the origin shed (ShedWhileWaiting) as shedCall answers it; any other failure as upstreamFailure does. */
export function failureOrShed(ctx: RequestContext, error: unknown, timedOut: boolean): GatewayError {
  if (error instanceof ShedWhileWaiting) return shedCall(ctx, error.origin, error.reason)
  const { answer, log } = upstreamFailure(error, timedOut)
  ctx.log.push(log)
  ctx.integration = { ...ctx.integration, error: (error as Error)?.message ?? String(error) }
  return completedWith(ctx, answer)
}

function shedLine(origin: string, reason: string): string {
  return `Execution failed due to an integration error: no connection to ${origin} would be free in time: ${reason}`
}

/**
 * `call`, except that it rejects with the deadline's reason as soon as the deadline fires: undici
 * aborts a call still queued for a connection only when it reaches one.
 */
export function untilDeadline<T>(call: Promise<T>, deadline: Deadline): Promise<T> {
  const signal = deadline.signal
  if (signal.aborted) {
    call.catch(() => {})
    return Promise.reject(signal.reason as Error)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error)
    signal.addEventListener('abort', onAbort)
    call.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error as Error)
      },
    )
  })
}

const UNREACHABLE = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ERR_INVALID_URL',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_INVALID_ARG',
])

const TLS_CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/

function isTimeout(error: unknown): boolean {
  const code = errorCode(error)
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT'
}

function errorCode(error: unknown): string | undefined {
  let e: unknown = error
  // undici wraps socket errors in `cause`
  for (let depth = 0; depth < 3 && e !== null && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code
    e = (e as { cause?: unknown }).cause
  }
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** An abort signal that fires after `ms`; `timedOut()` tells a deadline abort from others. */
export interface Deadline {
  readonly signal: AbortSignal
  timedOut(): boolean
  clear(): void
}

export function startDeadline(ms: number): Deadline {
  return new TimerSignal(ms)
}

/**
 * The part of AbortSignal undici reads (`aborted`, `reason`, one 'abort' listener added and
 * removed per call), without an AbortController: creating one and its EventTarget listeners
 * per proxied request showed as ~5% of the HTTP_PROXY profile.
 */
class TimerSignal implements Deadline {
  aborted = false
  reason: unknown = undefined
  #listeners: Array<() => void> = []
  readonly #timer: NodeJS.Timeout

  constructor(ms: number) {
    this.#timer = setTimeout(() => this.#fire(), ms)
    this.#timer.unref()
  }

  get signal(): AbortSignal {
    return this as unknown as AbortSignal
  }

  addEventListener(type: string, listener: () => void): void {
    if (type === 'abort') this.#listeners.push(listener)
  }

  removeEventListener(type: string, listener: () => void): void {
    if (type !== 'abort') return
    const at = this.#listeners.indexOf(listener)
    if (at >= 0) this.#listeners.splice(at, 1)
  }

  timedOut(): boolean {
    return this.aborted
  }

  clear(): void {
    clearTimeout(this.#timer)
  }

  #fire(): void {
    this.aborted = true
    this.reason = new Error('integration timeout')
    const listeners = this.#listeners
    this.#listeners = []
    for (const listener of listeners) listener()
  }
}
