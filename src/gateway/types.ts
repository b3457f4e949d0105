import type { IncomingMessage } from 'node:http'
import type { MultiMap } from '../lib/multi-map.ts'
import type { EndpointType, GatewayResponseType } from '../model/index.ts'
import type { VpcEndpoint } from '../config-vpce.ts'
import type { AnswerSink } from './answer-sink.ts'
import type { StreamedBody } from './streamed-body.ts'

/**
 * Per-request state, typed. Built by the listener once the API and stage are resolved; the
 * router fills in `route` and `pathParameters`; later stages read it and add what they learn.
 */
export interface RequestContext {
  /** the request as it was sent (its verb, target and headers verbatim): what SigV4, HTTP_PROXY and the body reader need */
  readonly sent: SentRequest
  /** where the answer goes (answer-sink.ts); stages return answers, only a streaming stage writes to it */
  readonly sink: AnswerSink
  /** `x-amzn-RequestId`; a client may supply its own (AWS allows it) */
  readonly requestId: string
  /** `x-amz-apigw-id` */
  readonly extendedRequestId: string
  /** Date.now() when the request arrived */
  readonly requestTimeEpoch: number
  /** performance.now() when the request arrived */
  readonly startedAt: number
  /** the verb as sent (after X-HTTP-Method-Override), upper case */
  readonly httpMethod: string
  /** the path after the stage, percent-decoded, starting with `/` (`$context.resourcePath` is the template) */
  readonly path: string
  /** the path after the stage as sent (percent-encoded): what the router matches; `path` when absent */
  readonly rawPath?: string
  /** the raw query string without `?` */
  readonly rawQuery: string
  /** query parameters, decoded, in order of appearance; several values per name possible */
  readonly query: MultiMap
  /** request headers with their original-case names (first spelling seen), several values per name possible */
  readonly headers: MultiMap
  /** the request body, fully read (bounded by the 10 MB limit); empty while `bodyStream` is set */
  body: Buffer
  /**
   * The request body still unread, for a method whose integration streams it (`MethodPlan.streamsBody`);
   * it fails past the 10 MB limit. Undefined when the body was buffered into `body` or there is none.
   */
  bodyStream?: StreamedBody
  readonly sourceIp: string
  /** `HTTP/1.1` */
  readonly protocol: string
  /** the Host the client used */
  readonly domainName: string
  /** through a custom domain: the base path mapping that matched (`(none)` for the empty one) */
  readonly basePathMatched?: string
  /** the client certificate a mutual TLS domain verified (`$context.identity.clientCert`) */
  readonly clientCert?: ClientCertIdentity
  /** through a VPC endpoint listener: its ids (`aws:SourceVpce`, `$context.identity.vpceId`) */
  readonly vpce?: VpcEndpoint
  /** through a PRIVATE custom domain: its `arn:aws:execute-api:…:/domainnames/{name}+{id}` (`execute-api:viaDomainArn`) */
  readonly viaDomainArn?: string | undefined
  readonly apiId: string
  readonly stageName: string
  readonly stageVariables: Readonly<Record<string, string>>
  readonly plan: RuntimePlan
  /** set by the router */
  route?: MethodPlan
  pathParameters: Record<string, string>
  /** what went wrong, for `$context.error.*` and the gateway response */
  error?: GatewayError
  /** integration status/latency etc., for logs and `$context.integration*` */
  integration?: { status?: number; latencyMs?: number; error?: string }
  /** the request was shed rather than served, and why (observe/ counts it: `portico_shed_requests_total`) */
  shed?: ShedReason
  /**
   * `$context.authorizer.*`: a Lambda authorizer's `principalId` and `context` values, or a
   * Cognito authorizer's `claims` (auth/)
   */
  authorizer?: Record<string, unknown>
  /** `$context.identity.*` learned by authorization (IAM caller, user, userArn, accessKey; Cognito ids) (auth/) */
  identity?: Record<string, string | null>
  /**
   * What the method's authorizer decided (auth/): `None` when its policy neither allows nor denies
   * the method ARN (the resource policy decides); `usageIdentifierKey` is the API key a Lambda
   * authorizer returned, for key source AUTHORIZER (limits/)
   */
  authorization?: { effect: 'Allow' | 'Deny' | 'None'; usageIdentifierKey?: string; latencyMs?: number; status?: number }
  /** the API key used, when one was required */
  apiKey?: { id: string; value: string }
  /** the stage response cache's verdict (cache/), for CacheHitCount/CacheMissCount; unset when the method is not cached */
  cacheStatus?: 'hit' | 'miss'
  /** called with the complete answer just before it is written (the cache stores a miss's response) */
  onAnswer?: (answer: HttpAnswer) => void
  /** the request's trace, when the stage has `tracingEnabled` (observe/) */
  trace?: RequestTrace
  /** an untraced request's `X-Amzn-Trace-Id`, once an integration needed one (integrations/trace-headers.ts) */
  untracedTraceId?: string
  /**
   * lines for the execution log / TestInvokeMethod log; `DISABLED_LOG` (gateway/execution-log-sink.ts),
   * which drops every line, unless the plan enables the log
   */
  log: string[]
}

/**
 * The request as it was sent, whatever carried it: a socket (node:http), or `inject()`
 * (data/inject.ts) with no socket at all.
 */
export interface SentRequest {
  /** the verb as sent, before X-HTTP-Method-Override */
  readonly method: string
  /** the request target as sent: path and query, still percent-encoded */
  readonly url: string
  /** header names and values alternating, in the order and spelling sent (Node's `rawHeaders`) */
  readonly rawHeaders: readonly string[]
  /** `1.1` */
  readonly httpVersion: string
  /** the peer's address as the socket reports it (`::ffff:` form possible) */
  readonly remoteAddress: string
  /** it came over TLS (`aws:SecureTransport`) */
  readonly secure: boolean
  /**
   * The connection the body is still to be read from (node:http); undefined when the body came
   * whole with the request (`inject()`) and is in `ctx.body` already.
   */
  readonly incoming: IncomingMessage | undefined
}

/**
 * One request's trace (observe/): the gateway span, its integration child span, and a hook for
 * other phases (the authorizer) to add finished child spans.
 */
export interface RequestTrace {
  /** 32 hex digits (W3C); `$context.xrayTraceId` is its X-Ray form */
  readonly traceId: string
  /** `Root=1-…;Parent=…;Sampled=1` of the gateway span */
  readonly xrayTraceId: string
  /**
   * Marks the integration call as started and returns the headers that carry the trace to it:
   * W3C `traceparent` and `X-Amzn-Trace-Id`, both naming the integration span as parent.
   */
  startIntegration(): { traceparent: string; 'X-Amzn-Trace-Id': string }
  /** records a finished child span of the gateway span (e.g. `Authorizer`); times are epoch ms */
  addSpan(name: string, startEpochMs: number, endEpochMs: number, attributes?: Readonly<Record<string, string | number | boolean>>, failed?: boolean): void
}

/**
 * Why a request was shed: the process's event loop ran late under load (the listener's 429,
 * data/event-loop-lag.ts), no backend connection would be free in time (503,
 * integrations/upstream-admission.ts), or a local function was at its concurrency (Lambda's
 * TooManyRequestsException, functions/admission.ts).
 */
export type ShedReason = 'event-loop-lag' | 'upstream-busy' | 'function-concurrency'

/** What observe/ does for a plan's requests, compiled with the plan; the pipeline's diagnostics events drive it. */
export interface PlanObservation {
  /** at `portico:request:start`: only plans that trace have it */
  start?(ctx: RequestContext): void
  /** at `portico:request:end`, after the response was handed to the socket */
  end(ctx: RequestContext, statusCode: number, durationMs: number): void
  /** a request the listener shed before it had a context (the event loop ran late): counted in the stage's series */
  shedByListener?(statusCode: number, reason: ShedReason): void
}

/** A stage either continues (undefined) or answers. */
export type StageResult = Answer | undefined
export type PipelineStage = (ctx: RequestContext) => StageResult | Promise<StageResult>

export type Answer = HttpAnswer | GatewayError | SentAnswer

/** A complete response to send. */
export interface HttpAnswer {
  kind: 'http'
  statusCode: number
  /** header name → value(s), names as they should go on the wire */
  headers: Record<string, string | string[]>
  body: Buffer | string
}

/** An error to render through the API's gateway responses (ACCESS_DENIED, THROTTLED, …). */
export interface GatewayError {
  kind: 'error'
  type: GatewayResponseType
  /** `$context.error.message`; null renders as `null` in `{"message":null}` */
  message: string | null
  /** `$context.error.validationErrorString` */
  validationErrorString?: string
  /** overrides the catalogue's x-amzn-ErrorType */
  errorType?: string
  /** an override of the response's status (the catalogue's default otherwise) */
  statusCode?: number
  /** headers the answer carries whatever renders it (HTTP APIs: a JWT denial's `www-authenticate`) */
  headers?: Record<string, string>
  /** HTTP APIs: answer `message` instead of the status's text (the SigV4 faults of an AWS_IAM route) */
  keepMessage?: boolean
}

/** The stage streamed its answer into `ctx.sink` itself (HTTP_PROXY); the pipeline only observes. */
export interface SentAnswer {
  kind: 'sent'
  statusCode: number
}

/** One method of one resource, compiled for one stage. */
export interface MethodPlan {
  resourceId: string
  /** template path, e.g. `/pets/{petId}` */
  resourcePath: string
  /** the method's own verb (`ANY` when the ANY method matched) */
  httpMethod: string
  /** an HTTP API's route key (`GET /pets/{id}`, `$default`): `$context.routeKey`, the 2.0 event's `routeKey` */
  routeKey?: string
  /** named stages in order; stages that do not apply to this method are absent */
  stages: PipelineStage[]
  /**
   * The integration sends the request body on as it arrives (HTTP_PROXY, when nothing in the
   * method reads the body): the listener hands it over as `ctx.bodyStream` instead of buffering it.
   */
  streamsBody?: boolean
}

export interface RouteMatch {
  method: MethodPlan
  pathParameters: Record<string, string>
}

/**
 * The compiled, immutable form of one REST or HTTP API deployment served on one stage. Both run
 * through the same pipeline: an HTTP API's plan (compile/http-api-plan.ts) matches route keys
 * and renders its errors as HTTP APIs do (no gateway responses).
 */
export interface RuntimePlan {
  /** REST (a plan without the tag is REST's too) or HTTP */
  readonly protocol?: 'REST' | 'HTTP'
  apiId: string
  stageName: string
  deploymentId: string
  stageVariables: Readonly<Record<string, string>>
  /**
   * undefined: no resource or method for this verb and path. `path` is the path after the stage
   * as sent (percent-encoded), so an encoded slash stays inside its segment; the router decodes
   * each segment. Trailing slashes are ignored; dot segments never match.
   */
  match(httpMethod: string, path: string): RouteMatch | undefined
  /** renders an error through this API's gateway responses */
  renderError(error: GatewayError, ctx: RequestContext): HttpAnswer
  binaryMediaTypes: readonly string[]
  /** the API's `disableExecuteApiEndpoint`: the execute-api URL forms answer 403 Forbidden */
  disableExecuteApiEndpoint?: boolean
  /** a REST API's endpoint type (undefined: REGIONAL, as an HTTP API's): PRIVATE is served only through VPC endpoint listeners, EDGE passes headers as CloudFront does */
  endpointType?: EndpointType
  /** a PRIVATE API's associated VPC endpoints (`endpointConfiguration.vpcEndpointIds`): the ones its `{apiId}-{vpceId}` host names answer for */
  vpcEndpointIds?: readonly string[]
  /** the stage's methodSettings turn on execution logging or data tracing: requests keep `ctx.log` lines */
  executionLog?: boolean
  /**
   * `$context.isCanaryRequest` of every request this plan serves: true for a canary release's
   * plan, false for the stage's own while it has a canary, undefined on a stage without one
   */
  isCanaryRequest?: boolean
  /** metrics, access and execution logs, tracing for this plan (observe/); absent: nothing is observed */
  observe?: PlanObservation
}

/**
 * A WebSocket API's deployment on one stage: stored, deployed and resolvable, but not served
 * yet. Requests to it are refused with the PROTOCOL_NOT_SERVED answer rather than run through
 * the HTTP pipeline.
 */
export interface UnservedPlan {
  readonly protocol: 'WEBSOCKET'
  readonly apiId: string
  readonly stageName: string
  readonly deploymentId: string
  /** the API's `disableExecuteApiEndpoint`: the execute-api URL forms answer 403 Forbidden */
  readonly disableExecuteApiEndpoint?: boolean
}

/** What one stage holds: a REST or HTTP API's plan, or a WebSocket API's unserved stage. */
export type StagePlan = RuntimePlan | UnservedPlan

/** `$context.identity.clientCert` / `requestContext.identity.clientCert`, as AWS fills it under mutual TLS. */
export interface ClientCertIdentity {
  readonly clientCertPem: string
  /** `O=Example,CN=alice` */
  readonly subjectDN: string
  readonly issuerDN: string
  readonly serialNumber: string
  /** OpenSSL's text form, `May 28 12:30:02 2019 GMT` */
  readonly validity: { readonly notBefore: string; readonly notAfter: string }
}
