import { GATEWAY_RESPONSE_TYPES, type GatewayResponse, type GatewayResponseType } from '../model/index.ts'
import { buildTemplateContext } from '../vtl/aws/context.ts'
import { renderGatewayResponseTemplate } from '../vtl/aws/gateway-response-template.ts'
import { compileMappingExpression, type MappingSource } from '../vtl/aws/mapping-expression.ts'
import { DEFAULT_GATEWAY_RESPONSE_TEMPLATE, GATEWAY_RESPONSE_CATALOGUE } from '../gateway/gateway-response-catalogue.ts'
import type { GatewayError, HttpAnswer, RequestContext } from '../gateway/types.ts'

/** An API's gateway responses, compiled: every type resolved once, rendered per error. */
export interface GatewayResponseTable {
  render(error: GatewayError, ctx: RequestContext): HttpAnswer
}

interface ResolvedResponse {
  /** set when the API customised the status (the type itself or its DEFAULT_4XX/5XX) */
  statusCode: number | undefined
  headers: Array<{ name: string; value: (source: MappingSource) => string | undefined }>
  /** [content type (lower case), template], in the order the API gave them */
  templates: Array<[string, string]>
}

const HEADER_KEY = /^gatewayresponse\.header\.(.+)$/

/**
 * Resolves all 21 types against the API's customisations: a type the API customised uses its
 * own status, headers and templates; otherwise a customised DEFAULT_4XX (or DEFAULT_5XX, by the
 * type's default status class) supplies them; otherwise AWS's default. REQUEST_TOO_LARGE ignores
 * customisation, as on AWS. Throws on a malformed `responseParameters` key or expression.
 */
export function compileGatewayResponses(customised: readonly GatewayResponse[]): GatewayResponseTable {
  const byType = new Map(customised.map((r) => [r.responseType, r]))
  const table = new Map<GatewayResponseType, ResolvedResponse>()
  for (const type of GATEWAY_RESPONSE_TYPES) {
    const entry = GATEWAY_RESPONSE_CATALOGUE[type]
    const own = entry.fixed ? undefined : byType.get(type)
    const family = entry.fixed || type === entry.family ? undefined : byType.get(entry.family)
    table.set(type, resolve(own ?? family))
  }

  return {
    render: function renderGatewayResponse(error, ctx) {
      const entry = GATEWAY_RESPONSE_CATALOGUE[error.type]
      const resolved = table.get(error.type)!
      ctx.error = error
      const [contentType, template] = selectTemplate(resolved.templates, ctx.headers.get('accept'))
      const context = buildTemplateContext(ctx)
      const body = renderGatewayResponseTemplate(template, context, ctx.stageVariables)
      const headers: Record<string, string> = {
        'Content-Type': contentType,
        'x-amzn-ErrorType': error.errorType ?? entry.errorType,
      }
      if (resolved.headers.length > 0) {
        const source: MappingSource = {
          context,
          stageVariables: ctx.stageVariables,
          request: { pathParameters: ctx.pathParameters, query: ctx.query, headers: ctx.headers, body: '' },
        }
        for (const header of resolved.headers) {
          const value = header.value(source)
          if (value !== undefined) headers[header.name] = value
        }
      }
      return { kind: 'http', statusCode: resolved.statusCode ?? error.statusCode ?? entry.statusCode, headers, body }
    },
  }
}

function resolve(response: GatewayResponse | undefined): ResolvedResponse {
  if (!response) return { statusCode: undefined, headers: [], templates: [['application/json', DEFAULT_GATEWAY_RESPONSE_TEMPLATE]] }
  const templates = Object.entries(response.responseTemplates ?? {}).map(([type, text]): [string, string] => [type.toLowerCase(), text])
  if (templates.length === 0) templates.push(['application/json', DEFAULT_GATEWAY_RESPONSE_TEMPLATE])
  const headers = Object.entries(response.responseParameters ?? {}).map(([key, expression]) => {
    const match = HEADER_KEY.exec(key)
    if (!match) throw new Error(`${response.responseType}: invalid response parameter ${key} (expected gatewayresponse.header.<name>)`)
    const compiled = compileMappingExpression(expression, 'gatewayResponse')
    return { name: match[1]!, value: (source: MappingSource) => compiled.evaluate(source) }
  })
  return { statusCode: response.statusCode ? Number(response.statusCode) : undefined, headers, templates }
}

/** By the first media type of `Accept` (AWS honours only the first), else application/json, else the first template. */
function selectTemplate(templates: ReadonlyArray<[string, string]>, accept: string | undefined): [string, string] {
  if (accept !== undefined) {
    const first = accept.split(',')[0]!.split(';')[0]!.trim().toLowerCase()
    const exact = templates.find(([type]) => type === first)
    if (exact) return exact
  }
  return templates.find(([type]) => type === 'application/json') ?? templates[0]!
}
