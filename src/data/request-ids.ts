import { newExtendedRequestId, newRequestId } from '../lib/ids.ts'
import type { RequestIds } from './request-context.ts'

/** A header value AWS would accept as a request id: 1–128 HTTP token characters. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/

/**
 * `x-amzn-RequestId` and `x-amz-apigw-id` for one request. A client may choose the request id
 * by sending `x-amzn-RequestId` ("Clients can override this request ID", AWS `$context.requestId`);
 * a value that is not a 1–128 character token is ignored. The extended id is always generated.
 */
export function requestIds(clientRequestId: string | string[] | undefined): RequestIds {
  const client = Array.isArray(clientRequestId) ? clientRequestId[0] : clientRequestId
  return {
    requestId: client !== undefined && CLIENT_REQUEST_ID.test(client) ? client : newRequestId(),
    extendedRequestId: newExtendedRequestId(),
  }
}

/**
 * The client's `x-amzn-RequestId`, read from rawHeaders so Node need not build `req.headers`.
 * Sent twice, Node would join the values with `, `, which no valid id contains: none.
 */
export function clientRequestId(raw: readonly string[]): string | undefined {
  let value: string | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.length !== 16 || name.toLowerCase() !== 'x-amzn-requestid') continue
    if (value !== undefined) return undefined
    value = raw[i + 1]
  }
  return value
}
