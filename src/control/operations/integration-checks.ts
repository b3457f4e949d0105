import type { ContentHandling, Integration, IntegrationResponse, IntegrationType, PassthroughBehavior } from '../../model/index.ts'
import { HTTP_METHODS, MAX_TIMEOUT_MS, MIN_TIMEOUT_MS } from '../../model/index.ts'
import { compileTemplate, VtlSyntaxError } from '../../vtl/index.ts'
import { ApiError, badRequest } from '../protocol/errors.ts'

/**
 * PutIntegration / UpdateIntegration / the integration responses validate what they store here,
 * once, with AWS's texts where known. Mapping templates are compiled now so that a syntax error
 * is reported with its line and column instead of at deploy time.
 */

export const INTEGRATION_TYPES: readonly IntegrationType[] = ['HTTP', 'AWS', 'MOCK', 'HTTP_PROXY', 'AWS_PROXY']
const PASSTHROUGH: readonly PassthroughBehavior[] = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER']
const CONTENT_HANDLING: readonly ContentHandling[] = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT']
const INTEGRATION_PARAMETER = /^integration\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s]+$/
const RESPONSE_HEADER = /^method\.response\.header\.[^\s]+$/
const SOURCE =
  /^(method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.\S+|method\.request\.body(\.\S+)?|integration\.response\.(header|multivalueheader)\.\S+|integration\.response\.body(\.\S+)?|stageVariables\.\w+|context\.[\w.]+|'[^']*')$/

export function checkIntegrationType(type: string, member: string): IntegrationType {
  if (!INTEGRATION_TYPES.includes(type as IntegrationType)) {
    throw new ApiError(
      'ValidationException',
      `1 validation error detected: Value '${type}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${INTEGRATION_TYPES.join(', ')}]`,
    )
  }
  return type as IntegrationType
}

/** Everything PutIntegration and UpdateIntegration check on the assembled integration. */
export function checkIntegration(integration: Integration): void {
  const { type } = integration
  if (type !== 'MOCK') {
    if (integration.httpMethod === undefined || integration.httpMethod === '') throw badRequest('Enumeration value for HttpMethod must be non-empty')
    if (!(HTTP_METHODS as readonly string[]).includes(integration.httpMethod)) {
      throw badRequest(`Invalid HttpMethod specified. Valid options are ${HTTP_METHODS.join(',')}`)
    }
  }
  if (type === 'HTTP' || type === 'HTTP_PROXY') checkHttpUri(integration.uri)
  if (type === 'AWS' || type === 'AWS_PROXY') checkAwsUri(type, integration.uri)
  if (!Number.isInteger(integration.timeoutInMillis) || integration.timeoutInMillis < MIN_TIMEOUT_MS || integration.timeoutInMillis > MAX_TIMEOUT_MS) {
    throw badRequest(`Timeout should be between ${MIN_TIMEOUT_MS} ms and ${MAX_TIMEOUT_MS} ms`)
  }
  if (integration.passthroughBehavior !== undefined && !PASSTHROUGH.includes(integration.passthroughBehavior)) {
    throw badRequest(`Invalid passthrough behavior specified: ${integration.passthroughBehavior}. Valid options are ${PASSTHROUGH.join(', ')}`)
  }
  checkContentHandling(integration.contentHandling)
  if (integration.connectionType === 'VPC_LINK' && !integration.connectionId) throw badRequest('ConnectionId must be set for vpc link integrations')
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    if (!INTEGRATION_PARAMETER.test(target)) throw invalidMapping(target)
    if (!SOURCE.test(source)) throw invalidMapping(source)
  }
  checkTemplates(integration.requestTemplates)
}

export function checkIntegrationResponse(response: IntegrationResponse): void {
  checkContentHandling(response.contentHandling)
  for (const [target, source] of Object.entries(response.responseParameters ?? {})) {
    if (!RESPONSE_HEADER.test(target)) throw invalidMapping(target)
    if (!SOURCE.test(source)) throw invalidMapping(source)
  }
  checkTemplates(response.responseTemplates)
}

function checkContentHandling(value: string | undefined): void {
  if (value !== undefined && !CONTENT_HANDLING.includes(value as ContentHandling)) {
    throw badRequest(`Invalid content handling specified: ${value}. Valid options are ${CONTENT_HANDLING.join(', ')}`)
  }
}

function invalidMapping(expression: string): ApiError {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: ${expression}]`)
}

/** Each template must parse; the error names the content type, line and column. */
export function checkTemplates(templates: Record<string, string | null> | undefined): void {
  for (const [contentType, source] of Object.entries(templates ?? {})) {
    if (source === null || source === '') continue
    try {
      compileTemplate(source, { nullReferences: 'empty' })
    } catch (error) {
      if (error instanceof VtlSyntaxError) {
        throw badRequest(`Invalid mapping template specified for content type '${contentType}': ${error.message}`)
      }
      throw badRequest(`Invalid mapping template specified for content type '${contentType}': ${(error as Error).message}`)
    }
  }
}

/** An absolute http(s) URL; `${stageVariables.x}` may stand for any part of it. */
function checkHttpUri(uri: string | undefined): void {
  if (uri === undefined || uri === '') throw badRequest('Invalid HTTP endpoint specified for URI')
  const probe = uri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, 'stagevar')
  let url: URL
  try {
    url = new URL(probe)
  } catch {
    throw badRequest('Invalid HTTP endpoint specified for URI')
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') throw badRequest('Invalid HTTP endpoint specified for URI')
}

/**
 * `arn:aws:apigateway:{region}:{service}:{path|action}/…`, with AWS's three texts (LocalStack's
 * AWS-recorded snapshots test_put_integration_validation and test_put_integration_aws_proxy_uri):
 * text that is no ARN at all; an ARN of another kind (a Lambda function's own ARN, an IAM role)
 * "must contain path or action"; AWS_PROXY reaches only a Lambda function's
 * `path/2015-03-31/functions/{arn}/invocations` or a Firehose action.
 */
function checkAwsUri(type: IntegrationType, uri: string | undefined): void {
  if (!/^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/.test(uri ?? '')) throw badRequest('Invalid ARN specified in the request')
  const m = /^arn:aws[a-z-]*:apigateway:([^:]*):([^:]+):(.*)$/.exec(uri!)
  if (!m || !/^(path|action)\/.+/.test(m[3]!)) throw badRequest('AWS ARN for integration must contain path or action')
  const [, , service, rest] = m
  if (type !== 'AWS_PROXY') return
  const lambda = service === 'lambda' && /^path\/2015-03-31\/functions\/.+\/invocations$/.test(rest!)
  const firehose = service === 'firehose' && rest!.startsWith('action/')
  if (!lambda && !firehose) {
    throw badRequest("Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.")
  }
}
