import type { IncomingMessage, ServerResponse } from 'node:http'
import { newRequestId } from '../../lib/ids.ts'
import { nestsDeeperThan } from '../../lib/json-depth.ts'
import { StoreConflictError } from '../store/store.ts'
import { ApiError, concurrentModification } from './errors.ts'
import type { ControlServices, Operation, OperationRequest, RawResult } from './operation.ts'
import { SigV4Error, verifySigV4 } from '../../lib/sigv4/verify.ts'
import { auditEntry, changesState } from '../audit.ts'

/**
 * The management API's protocol layer (AWS rest-json, as botocore's `apigateway` model speaks
 * it): SigV4 → route by verb + path template (+ query constraint) → body → operation → AWS's
 * success status with a JSON body, or AWS's error shape (status, `x-amzn-ErrorType`,
 * `{"message": …}`). Every response carries `x-amzn-RequestId`. apigatewayv2 (HTTP APIs) speaks
 * the same protocol under `/v2` with the same SigV4 service, and its SDKs read the same error
 * shape (`message`), so its operations are routed here like v1's.
 *
 * Choices where AWS's behaviour is not documented:
 * - a signed request for no known operation answers 404 `UnknownOperationException` with
 *   `{"message": null}` (what AWS's own front end sends for an unknown rest-json route, as far as
 *   we know); an unsigned one answers 403 `Missing Authentication Token` first, like AWS;
 * - bodies over 1 MB (6 MB for raw imports, AWS's documented import limit) answer 413
 *   `RequestEntityTooLargeException` `Request Too Long` without being read further;
 * - malformed JSON answers 400 `SerializationException`, and so does JSON nested more than
 *   MAX_JSON_BODY_DEPTH levels (no input shape of the API nests half as deep; operations, the
 *   audit trail and the store walk bodies recursively).
 */

export interface ManagementAuth {
  /** the secret of a known access key id, else undefined */
  secretFor(accessKeyId: string): string | undefined
  /** accept any well-formed signature */
  dev?: boolean
}

export interface ManagementHandlerOptions {
  services: ControlServices
  operations: readonly Operation[]
  auth: ManagementAuth
  /** defaults: 1 MB for JSON bodies, 6 MB for raw (import) bodies */
  maxJsonBytes?: number
  maxRawBytes?: number
  /** an unexpected exception (the client got a 500); default console.error */
  onError?: (error: unknown) => void
}

export const MAX_JSON_BODY_DEPTH = 32

interface CompiledRoute {
  op: Operation
  segments: string[]
  query: Array<[string, string]>
}

export function createManagementHandler(options: ManagementHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { services, auth } = options
  const maxJson = options.maxJsonBytes ?? 1024 * 1024
  const maxRaw = options.maxRawBytes ?? 6 * 1024 * 1024
  const onError = options.onError ?? ((error: unknown) => console.error('portico: management operation failed:', error))
  // constrained routes first, so `POST /restapis?mode=import` wins over `POST /restapis`
  const routes: CompiledRoute[] = options.operations
    .map((op) => ({ op, segments: splitPath(op.path), query: Object.entries(op.query ?? {}) }))
    .sort((a, b) => b.query.length - a.query.length)

  return function handleManagementRequest(req: IncomingMessage, res: ServerResponse): void {
    const requestId = newRequestId()
    res.setHeader('x-amzn-RequestId', requestId)
    // set by the data-plane listener before it hands over; AWS's management answers have none
    res.removeHeader('x-amz-apigw-id')
    handle(req, res, requestId).catch((error: unknown) => {
      onError(error)
      if (!res.headersSent) sendError(res, new ApiError('InternalFailure', 'An internal error occurred'))
      else res.destroy()
    })
  }

  async function handle(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const rawPath = q < 0 ? url : url.slice(0, q)
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1))
    const match = matchRoute(routes, req.method ?? 'GET', rawPath, query)

    const body = await readBody(req, match?.route.op.rawBody ? maxRaw : maxJson)
    // the client went away, or its body broke off (the listener answered a framing error): nothing to do
    if (body === null) return
    if (body === undefined) return sendError(res, new ApiError('RequestEntityTooLargeException', 'Request Too Long'), true)

    let accessKeyId: string
    try {
      accessKeyId = verifySigV4(
        { method: req.method ?? 'GET', url, rawHeaders: req.rawHeaders, body },
        { service: 'apigateway', secretFor: (id) => secretOf(auth.secretFor(id)), dev: auth.dev ?? false },
      ).accessKeyId
    } catch (error) {
      // the management API never hands out session tokens, so an expired one cannot occur here
      if (error instanceof SigV4Error) return sendError(res, new ApiError(error.code === 'ExpiredTokenException' ? 'UnrecognizedClientException' : error.code, error.message))
      throw error
    }
    if (!match) return sendJson(res, 404, { message: null }, 'UnknownOperationException')
    if (match.badParam) return sendError(res, new ApiError('BadRequestException', 'Invalid path parameter encoding'))

    const { op } = match.route
    let parsed: Record<string, unknown> = {}
    if (!op.rawBody && body.length > 0) {
      try {
        parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>
      } catch (error) {
        return sendError(res, new ApiError('SerializationException', (error as Error).message))
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return sendError(res, new ApiError('SerializationException', 'Start of structure or map found where not expected.'))
      }
      if (nestsDeeperThan(parsed, MAX_JSON_BODY_DEPTH)) {
        return sendError(res, new ApiError('SerializationException', `JSON nesting depth exceeds the maximum of ${MAX_JSON_BODY_DEPTH}`))
      }
    }
    const request: OperationRequest = { params: match.params, query, headers: req.headers, body: parsed, rawBody: body, accessKeyId, requestId }

    let result: unknown
    try {
      result = await op.handler(request, services)
    } catch (error) {
      const apiError = toApiError(error)
      if (apiError) return sendError(res, apiError)
      throw error
    }
    if (changesState(op)) {
      try {
        await services.store.appendAudit(auditEntry(op, request, Date.now()))
      } catch (error) {
        // the change is made; a lost audit line must not turn it into an error for the caller
        onError(error)
      }
    }
    sendResult(res, op.successStatus, result)
  }
}

function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error
  if (error instanceof StoreConflictError) return concurrentModification()
  // src/control/deployments.ts throws its own NotFoundError with AWS's text
  if (error instanceof Error && error.name === 'NotFoundException') return new ApiError('NotFoundException', error.message)
  return undefined
}

function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
  return trimmed.split('/').slice(1)
}

function matchRoute(
  routes: readonly CompiledRoute[],
  method: string,
  rawPath: string,
  query: URLSearchParams,
): { route: CompiledRoute; params: Record<string, string>; badParam: boolean } | undefined {
  const segments = splitPath(rawPath)
  for (const route of routes) {
    if (route.op.method !== method || route.segments.length !== segments.length) continue
    if (!route.query.every(([k, v]) => query.get(k) === v)) continue
    const params: Record<string, string> = {}
    let ok = true
    let badParam = false
    for (let i = 0; i < segments.length && ok; i++) {
      const t = route.segments[i]!
      const s = segments[i]!
      if (t.startsWith('{') && t.endsWith('}')) {
        if (s === '') ok = false
        else {
          try {
            params[t.slice(1, -1)] = decodeURIComponent(s)
          } catch {
            badParam = true
          }
        }
      } else if (t !== s) ok = false
    }
    if (ok) return { route, params, badParam }
  }
  return undefined
}

/** The whole body, undefined once it passes `max` (the rest is not read), null when it never arrives whole. */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined | null> {
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > max) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > max) {
        req.removeAllListeners('data')
        req.pause()
        resolve(undefined)
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', () => resolve(null))
    req.on('close', () => resolve(req.complete ? Buffer.concat(chunks) : null))
  })
}

function sendResult(res: ServerResponse, status: number, result: unknown): void {
  if (isRaw(result)) {
    res.statusCode = status
    res.setHeader('Content-Type', result.contentType)
    for (const [k, v] of Object.entries(result.headers ?? {})) res.setHeader(k, v)
    res.end(result.body)
    return
  }
  if (status === 204) {
    res.statusCode = 204
    res.end()
    return
  }
  sendJson(res, status, result ?? {})
}

function isRaw(result: unknown): result is RawResult {
  return typeof result === 'object' && result !== null && (result as { raw?: unknown }).raw === true
}

function sendError(res: ServerResponse, error: ApiError, close = false): void {
  if (close) {
    res.shouldKeepAlive = false
    res.setHeader('Connection', 'close')
  }
  sendJson(res, error.status, { message: error.message }, error.type)
}

function sendJson(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('Content-Type', 'application/json')
  res.setHeader('Content-Length', Buffer.byteLength(text))
  if (errorType) res.setHeader('x-amzn-ErrorType', errorType)
  res.end(text)
}

function secretOf(secretAccessKey: string | undefined): { secretAccessKey: string } | undefined {
  return secretAccessKey === undefined ? undefined : { secretAccessKey }
}
