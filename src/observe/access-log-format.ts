/**
 * `accessLogSettings.format` compiled once per plan into literal text and `$context.*` readers.
 * AWS substitutes `$context` variables only (no VTL directives), so the format is not a VTL
 * template: `#` and other `$` text stay as written. A variable without a value prints `-`, as
 * in AWS's access logs. The variables of mapping templates come from the shared `$context`
 * (vtl/aws/context.ts, passed in); the access-log-only ones — status, latencies, lengths, the
 * integration's and authorizer's outcome — are read here from the finished request.
 */
import { randomUUID } from 'node:crypto'
import type { RequestContext } from '../gateway/types.ts'

/** The finished request, as the pipeline's end event describes it. */
export interface FinishedRequest {
  ctx: RequestContext
  statusCode: number
  durationMs: number
}

/** `$context` as mapping templates see it, a reader of a dotted name in it, and its CLF time (vtl/aws/context.ts). */
export interface TemplateContextSource {
  build(ctx: RequestContext): unknown
  read(context: unknown, name: string): unknown
  requestTime(epochMs: number): string
}

type Reader = (request: FinishedRequest) => unknown

const VARIABLE = /\$context\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_:-]+)*)/g

const integrationStatus: Reader = ({ ctx }) => ctx.integration?.status
const integrationLatency: Reader = ({ ctx }) => ctx.integration?.latencyMs
const integrationError: Reader = ({ ctx }) => ctx.integration?.error
const authorizeStatus: Reader = ({ ctx }) => ctx.authorization?.status
const authorizeLatency: Reader = ({ ctx }) => ctx.authorization?.latencyMs
const authorizeError: Reader = ({ ctx }) => (ctx.authorization?.effect === 'Deny' ? ctx.error?.message : undefined)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const replacedRequestIds = new WeakMap<RequestContext, string>()

/**
 * A client may choose `x-amzn-RequestId`; in access logs AWS "replaces overridden request IDs
 * that aren't in the format of a UUID with {UUID}_REPLACED_INVALID_REQUEST_ID"
 * (set-up-access-logging) — REST's rule. One replacement per request, however often the format names it.
 */
const loggedRequestId: Reader = ({ ctx }) => {
  // an HTTP API's ids are never UUIDs (request-context.ts), and clients can't choose them
  if (ctx.plan.protocol === 'HTTP' || UUID.test(ctx.requestId)) return ctx.requestId
  let replaced = replacedRequestIds.get(ctx)
  if (replaced === undefined) replacedRequestIds.set(ctx, (replaced = `${randomUUID()}_REPLACED_INVALID_REQUEST_ID`))
  return replaced
}

/**
 * The variables AWS's "Variables for access logging" table adds to the template ones. WAF and
 * `authenticate.*` (mutual TLS) have no counterpart in Portico and print `-`.
 */
const ACCESS_LOG_ONLY: Readonly<Record<string, Reader>> = {
  requestId: loggedRequestId,
  status: ({ statusCode }) => statusCode,
  responseLatency: ({ durationMs }) => Math.round(durationMs),
  responseLength: ({ ctx }) => ctx.sink.contentLength,
  integrationStatus,
  integrationLatency,
  integrationErrorMessage: integrationError,
  'integration.status': integrationStatus,
  'integration.integrationStatus': integrationStatus,
  'integration.latency': integrationLatency,
  'integration.error': integrationError,
  'integration.requestId': () => undefined,
  'authorize.status': authorizeStatus,
  'authorize.latency': authorizeLatency,
  'authorize.error': authorizeError,
  'authorizer.status': authorizeStatus,
  'authorizer.latency': authorizeLatency,
  'authorizer.integrationStatus': authorizeStatus,
  'authorizer.integrationLatency': authorizeLatency,
  'authorizer.error': authorizeError,
  'authorizer.requestId': () => undefined,
  'authenticate.status': () => undefined,
  'authenticate.latency': () => undefined,
  'authenticate.error': () => undefined,
  'waf.status': () => undefined,
  'waf.latency': () => undefined,
  'waf.error': () => undefined,
  'customDomain.basePathMatched': ({ ctx }) => ctx.basePathMatched,
  xrayTraceId: ({ ctx }) => ctx.trace?.xrayTraceId,
}

/**
 * The fast path: template variables read straight off the request, so a format that uses only
 * these (AWS's CLF, JSON, XML and CSV examples do) never builds the whole template `$context`
 * (half of the access log's CPU cost when measured). Each must equal what buildTemplateContext
 * gives; test/observe/access-log.test.ts compares them.
 */
const DIRECT: Readonly<Record<string, Reader>> = {
  requestId: ({ ctx }) => ctx.requestId,
  extendedRequestId: ({ ctx }) => ctx.extendedRequestId,
  apiId: ({ ctx }) => ctx.apiId,
  stage: ({ ctx }) => ctx.stageName,
  httpMethod: ({ ctx }) => ctx.httpMethod,
  protocol: ({ ctx }) => ctx.protocol,
  domainName: ({ ctx }) => ctx.domainName,
  path: ({ ctx }) => `/${ctx.stageName}${ctx.path}`,
  resourcePath: ({ ctx }) => ctx.route?.resourcePath,
  resourceId: ({ ctx }) => ctx.route?.resourceId,
  deploymentId: ({ ctx }) => ctx.plan.deploymentId,
  requestTimeEpoch: ({ ctx }) => ctx.requestTimeEpoch,
  'identity.sourceIp': ({ ctx }) => ctx.sourceIp,
  'identity.vpceId': ({ ctx }) => ctx.vpce?.vpceId,
  'identity.vpcId': ({ ctx }) => ctx.vpce?.vpcId,
  'identity.caller': ({ ctx }) => ctx.identity?.caller,
  'identity.user': ({ ctx }) => ctx.identity?.user,
  'identity.userArn': ({ ctx }) => ctx.identity?.userArn,
  'identity.accountId': ({ ctx }) => ctx.identity?.accountId,
  'identity.apiKeyId': ({ ctx }) => ctx.apiKey?.id,
  'error.message': ({ ctx }) => ctx.error?.message,
  'error.responseType': ({ ctx }) => ctx.error?.type,
}

/** The template variables the fast path reads off the request (tests compare them with the template `$context`). */
export const DIRECT_VARIABLES: readonly string[] = [...Object.keys(DIRECT), 'requestTime']

export type AccessLogRenderer = (request: FinishedRequest) => string

/** Compiles a format; rendering never throws and yields one line (CR/LF in values are escaped). */
export function compileAccessLogFormat(format: string, templates: TemplateContextSource): AccessLogRenderer {
  const literals: string[] = []
  const readers: Array<{ direct: Reader | undefined; name: string }> = []
  const requestTime: Reader = ({ ctx }) => templates.requestTime(ctx.requestTimeEpoch)
  let last = 0
  for (const match of format.matchAll(VARIABLE)) {
    literals.push(format.slice(last, match.index))
    const name = match[1]!
    readers.push({ direct: name === 'requestTime' ? requestTime : directReader(name), name })
    last = match.index + match[0].length
  }
  literals.push(format.slice(last))
  // the template `$context` is built only for formats that use one of its other variables
  const needsTemplate = readers.some((r) => r.direct === undefined)

  return function renderAccessLog(request) {
    const template = needsTemplate ? templates.build(request.ctx) : undefined
    let line = literals[0]!
    for (let i = 0; i < readers.length; i++) {
      const reader = readers[i]!
      const value = reader.direct === undefined ? templates.read(template, reader.name) : reader.direct(request)
      line += printable(value) + literals[i + 1]!
    }
    return line
  }
}

function directReader(name: string): Reader | undefined {
  if (Object.hasOwn(ACCESS_LOG_ONLY, name)) return ACCESS_LOG_ONLY[name]
  return Object.hasOwn(DIRECT, name) ? DIRECT[name] : undefined
}

function printable(value: unknown): string {
  if (value === undefined || value === null) return '-'
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  return text.includes('\n') || text.includes('\r') ? text.replace(/\r/g, '\\r').replace(/\n/g, '\\n') : text
}
