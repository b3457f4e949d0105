import { GATEWAY_RESPONSE_TYPES, type GatewayResponse, type GatewayResponseType } from '../model/index.ts'
import type { ImportContext } from './context.ts'
import { compact, isObject, isStringMap, nonEmpty } from './json.ts'
import { child } from './problems.ts'

const EXT = 'x-amazon-apigateway-gateway-responses'
const PARAMETER = /^gatewayresponse\.(header|path|querystring)\.[A-Za-z0-9._$-]+$/

/**
 * `x-amazon-apigateway-gateway-responses`: response type → status, header mappings, templates.
 * The templates are not VTL (AWS substitutes `$context`/`$stageVariables` only), so no VTL check.
 */
export function importGatewayResponses(ctx: ImportContext): GatewayResponse[] {
  const raw = ctx.doc[EXT]
  const at = child('', EXT)
  if (raw === undefined) return []
  if (!isObject(raw)) {
    ctx.problems.error(at, `${EXT} must be an object keyed by response type`)
    return []
  }
  const out: GatewayResponse[] = []
  for (const [type, value] of Object.entries(raw)) {
    const rat = child(at, type)
    if (!(GATEWAY_RESPONSE_TYPES as readonly string[]).includes(type)) {
      ctx.problems.error(rat, `Invalid gateway response type: ${type}. Valid types are ${GATEWAY_RESPONSE_TYPES.join(',')}`)
      continue
    }
    if (!isObject(value)) {
      ctx.problems.error(rat, 'A gateway response must be an object')
      continue
    }
    const statusCode = typeof value.statusCode === 'number' ? String(value.statusCode) : value.statusCode
    if (statusCode !== undefined && (typeof statusCode !== 'string' || !/^[1-5]\d\d$/.test(statusCode))) {
      ctx.problems.error(child(rat, 'statusCode'), 'statusCode must be an HTTP status between 100 and 599')
    }
    const responseParameters = value.responseParameters
    if (responseParameters !== undefined) {
      if (!isStringMap(responseParameters)) ctx.problems.error(child(rat, 'responseParameters'), 'responseParameters must be an object of string to string')
      else {
        for (const key of Object.keys(responseParameters)) {
          if (!PARAMETER.test(key)) ctx.problems.error(child(rat, 'responseParameters', key), `Invalid mapping expression specified: ${key}`)
        }
      }
    }
    const responseTemplates = value.responseTemplates
    if (responseTemplates !== undefined && !isStringMap(responseTemplates)) {
      ctx.problems.error(child(rat, 'responseTemplates'), 'responseTemplates must be an object of content type to template text')
    }
    out.push(
      compact<GatewayResponse>({
        responseType: type as GatewayResponseType,
        statusCode: typeof statusCode === 'string' ? statusCode : undefined,
        responseParameters: isStringMap(responseParameters) ? nonEmpty(responseParameters) : undefined,
        responseTemplates: isStringMap(responseTemplates) ? nonEmpty(responseTemplates) : undefined,
        defaultResponse: false,
      }),
    )
  }
  return out
}
