/**
 * `$context` for mapping templates, built from the typed request state, and the template
 * variables (`$input`, `$util`, `$context`, `$stageVariables`) for one render.
 *
 * Every variable of the developer guide's "$context Variables for data models, authorizers,
 * mapping templates, and CloudWatch access logging" table is present; unknown ones are null
 * (`$context.identity.apiKey` "is null" for methods without a key, per that table).
 * `$context.authorizer.<key>` is the stringified value of the authorizer's context
 * (`1` → `"1"`, `true` → `"true"`), same table. `requestTime` is CLF `dd/MMM/yyyy:HH:mm:ss +0000`.
 * AWS also exposes `deploymentId` (seen in an AWS-recorded `$context.keySet()`, LocalStack
 * `test_sqs_amz_json_protocol` snapshot), and there `responseOverride` holds only `header`
 * until a template sets `status`; we follow that.
 * The same object must serve the request and the response template of one request: AWS carries
 * `responseOverride`/`requestOverride` values from one to the other (LocalStack
 * `test_integration_mock_with_response_override_in_request_template`, AWS-recorded).
 */
import type { RequestContext } from '../../gateway/types.ts'
import { callerIdentity } from './identity.ts'
import { TemplateInput } from './input.ts'
import { createOverrides, type OverrideMaps } from './overrides.ts'
export { readOverrides, type TemplateOverrides } from './overrides.ts'
import { templateUtil, type TemplateUtil } from './util.ts'

export const DEFAULT_ACCOUNT_ID = '123456789012'

/**
 * The variables a parameter mapping may name as `context.<name>` ("must be one of the supported
 * context variables", request-response-data-mappings); `authorizer.<key>` is open-ended.
 */
export const CONTEXT_VARIABLE_NAMES: ReadonlySet<string> = new Set(
  (
    'accountId apiId authorizer.principalId awsEndpointRequestId deploymentId domainName domainPrefix ' +
    'error.message error.messageString error.responseType error.validationErrorString extendedRequestId ' +
    'httpMethod identity.accountId identity.apiKey identity.apiKeyId identity.caller ' +
    'identity.cognitoAuthenticationProvider identity.cognitoAuthenticationType identity.cognitoIdentityId ' +
    'identity.cognitoIdentityPoolId identity.principalOrgId identity.sourceIp identity.clientCert.clientCertPem ' +
    'identity.clientCert.subjectDN identity.clientCert.issuerDN identity.clientCert.serialNumber ' +
    'identity.clientCert.validity.notBefore identity.clientCert.validity.notAfter identity.user ' +
    'identity.userAgent identity.userArn path protocol requestId requestTime requestTimeEpoch resourceId ' +
    'resourcePath stage wafResponseCode webaclArn'
  ).split(' '),
)

/** `$context.a.b` by dotted name; own properties only, so `constructor` and friends are absent. */
export function readContextVariable(context: unknown, name: string): unknown {
  let node = context
  for (const step of name.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, step)) return undefined
    node = (node as Record<string, unknown>)[step]
  }
  return node
}

export interface TemplateContextOptions {
  /** `$context.accountId`; Portico has no AWS account, so a fixed id by default */
  accountId?: string
  /** `$context.awsEndpointRequestId`, once an AWS integration has answered */
  awsEndpointRequestId?: string
  /** `$context.identity.*` learned by an IAM or Cognito authorizer */
  identity?: Partial<Record<string, unknown>>
  /**
   * false: `requestOverride` / `responseOverride` are plain empty maps instead of write-counting
   * ones, for templates that cannot write them (installOverrides adds counting ones later)
   */
  overrides?: boolean
  /** `$context.wafResponseCode` / `$context.webaclArn` when a web ACL is attached */
  wafResponseCode?: string
  webaclArn?: string
}

/** The plain-object `$context`; nested maps are plain objects too. */
export type TemplateContext = Record<string, unknown> & {
  requestOverride: OverrideMaps['requestOverride']
  responseOverride: OverrideMaps['responseOverride']
}

export function buildTemplateContext(ctx: RequestContext, options: TemplateContextOptions = {}): TemplateContext {
  const error = ctx.error
  const overrides = options.overrides === false ? plainOverrides() : createOverrides()
  const context: TemplateContext = {
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    apiId: ctx.apiId,
    authorizer: authorizerContext(ctx.authorizer),
    awsEndpointRequestId: options.awsEndpointRequestId ?? null,
    deploymentId: ctx.plan.deploymentId,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainName.split('.')[0] ?? ctx.domainName,
    error: {
      message: error?.message ?? null,
      messageString: error ? JSON.stringify(error.message) : null,
      responseType: error?.type ?? null,
      validationErrorString: error?.validationErrorString ?? null,
    },
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: ctx.httpMethod,
    identity: options.identity === undefined ? callerIdentity(ctx, { unsetAsNull: true }) : { ...callerIdentity(ctx, { unsetAsNull: true }), ...options.identity },
    path: `/${ctx.stageName}${ctx.path}`,
    protocol: ctx.protocol,
    requestId: ctx.requestId,
    requestOverride: overrides.requestOverride,
    responseOverride: overrides.responseOverride,
    requestTime: formatRequestTime(ctx.requestTimeEpoch),
    requestTimeEpoch: ctx.requestTimeEpoch,
    resourceId: ctx.route?.resourceId ?? null,
    resourcePath: ctx.route?.resourcePath ?? null,
    stage: ctx.stageName,
    wafResponseCode: options.wafResponseCode ?? null,
    webaclArn: options.webaclArn ?? null,
  }
  // present only through a custom domain
  if (ctx.basePathMatched !== undefined) context.customDomain = { basePathMatched: ctx.basePathMatched }
  // present only on a stage with a canary: `true` for requests the canary serves, else `false`
  if (ctx.plan.isCanaryRequest !== undefined) context.isCanaryRequest = ctx.plan.isCanaryRequest
  return context
}

/** Gives a context built with `overrides: false` write-counting override maps (before any template wrote to it). */
export function installOverrides(context: TemplateContext): void {
  const overrides = createOverrides()
  context.requestOverride = overrides.requestOverride
  context.responseOverride = overrides.responseOverride
}

function plainOverrides(): OverrideMaps {
  return { requestOverride: { header: {}, path: {}, querystring: {} }, responseOverride: { header: {} } }
}

export interface TemplateVariables {
  input: TemplateInput
  util: TemplateUtil
  context: TemplateContext
  stageVariables: Record<string, string>
}

/**
 * The variables of one render. `body` is the method request payload for a request template and
 * the integration response payload for a response template; `$input.params()` is the method
 * request's either way. Pass the request's `context` again for the response template.
 */
export function templateVariables(
  ctx: RequestContext,
  body: string,
  stageVariables: Readonly<Record<string, string>>,
  context: TemplateContext = buildTemplateContext(ctx),
): TemplateVariables {
  return {
    input: TemplateInput.fromRequest(ctx, body),
    util: templateUtil,
    context,
    stageVariables: { ...stageVariables },
  }
}

/** Lambda authorizer context values are stringified; Cognito `claims` stay a map. */
function authorizerContext(authorizer: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!authorizer) return out
  for (const [key, value] of Object.entries(authorizer)) {
    if (value === null || value === undefined) out[key] = null
    else if (key === 'claims' && typeof value === 'object') out[key] = { ...value }
    else out[key] = typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
  return out
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

let cachedSecond = Number.NaN
let cachedTime = ''

/** Common Log Format in UTC: `21/Nov/2026:22:25:28 +0000`. */
export function formatRequestTime(epochMs: number): string {
  // requests of the same second share the text: formatting a Date per request showed in profiles
  const second = Math.floor(epochMs / 1000)
  if (second !== cachedSecond) {
    cachedTime = formatSecond(second * 1000)
    cachedSecond = second
  }
  return cachedTime
}

function formatSecond(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (n: number): string => String(n).padStart(2, '0')
  return (
    `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  )
}
