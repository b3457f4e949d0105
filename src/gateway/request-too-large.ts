import { gatewayError } from './gateway-response-catalogue.ts'
import type { GatewayError, RequestContext } from './types.ts'

/**
 * REQUEST_TOO_LARGE (413) for a body past the limit, whoever finds it: the body reader, a
 * streamed body's integration, SigV4's payload hash. The rest of the body is never read, so the
 * connection cannot be reused.
 */
export function tooLarge(ctx: RequestContext): GatewayError {
  ctx.sink.closeAfterAnswer()
  return gatewayError('REQUEST_TOO_LARGE')
}
