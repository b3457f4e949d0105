import type { RequestContext } from '../gateway/types.ts'
import type { HeaderMap } from '../lib/multi-map.ts'

/**
 * What the integration stages of one request hand each other: the endpoint request the
 * integration request stage built, the endpoint response the integration produced, and the
 * `$context` object the request template rendered with (its `requestOverride` /
 * `responseOverride` stay visible to the response template, AWS-validated in LocalStack's
 * `test_integration_mock_with_response_override_in_request_template`).
 */
export interface Exchange {
  /** `$context` as built for templates; created by the first template render */
  templateContext?: Record<string, unknown>
  /**
   * its override maps count writes (vtl/aws/overrides.ts): only when a template that may write
   * them rendered; otherwise they are plain and empty, and nothing reads them back
   */
  overridesRecorded?: boolean
  request?: EndpointRequest
  response?: EndpointResponse
}

export interface EndpointRequest {
  /** `integration.request.path.*` after mapping and overrides */
  pathParams: Record<string, string>
  /** `integration.request.querystring.*`, in order */
  query: Array<[string, string]>
  /** `integration.request.header.*`, original-case names */
  headers: HeaderMap
  body: Buffer
}

export interface EndpointResponse {
  statusCode: number
  /** response headers with their backend spelling */
  headers: HeaderMap
  body: Buffer
  /**
   * what `selectionPattern` is matched against when not the status code: a Lambda function
   * error's `errorMessage`; null = a Lambda success, which selects the default response
   */
  selectionValue?: string | null
}

// A property on the context, not a WeakMap: V8 (Node 20) keeps a WeakMap's young keys alive
// through minor GCs, which promoted every request's objects and made GC the top cost under load.
const kExchange = Symbol('exchange')

export function exchangeOf(ctx: RequestContext): Exchange {
  const holder = ctx as RequestContext & { [kExchange]?: Exchange }
  return (holder[kExchange] ??= {})
}
