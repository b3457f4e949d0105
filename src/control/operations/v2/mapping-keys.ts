import { type ApiError, badRequest } from '../../protocol/errors.ts'

/**
 * HTTP API parameter mapping keys ([DG:http-api-parameter-mapping]): request
 * `append|overwrite|remove:header.{name}`, `…:querystring.{name}`, `overwrite:path`; response
 * (per status code 200-599) `…:header.{name}`, `overwrite:statuscode`. Headers API Gateway
 * owns cannot be mapped.
 */

const RESERVED = new Set([
  'authorization', 'connection', 'content-encoding', 'content-length', 'content-location', 'forwarded', 'keep-alive', 'origin',
  'proxy-authenticate', 'proxy-authorization', 'te', 'trailers', 'transfer-encoding', 'upgrade', 'x-forwarded-for',
  'x-forwarded-host', 'x-forwarded-proto', 'via',
])
const RESERVED_PREFIXES = ['access-control-', 'apigw-', 'x-amz-', 'x-amzn-']

export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase()
  return RESERVED.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))
}

const REQUEST_KEY = /^(append|overwrite|remove):(header|querystring)\.([^\s]+)$|^overwrite:path$/
const RESPONSE_KEY = /^(append|overwrite|remove):header\.([^\s]+)$|^overwrite:statuscode$/

/** AWS's text for a bad mapping, its errors listed in brackets. */
function invalidMapping(errors: string[]): ApiError {
  return badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${errors.join(', ')}]`)
}

/** An HTTP proxy integration's requestParameters (not a service integration's: those name the action's parameters). */
export function checkRequestMappings(parameters: Record<string, string>): void {
  const errors: string[] = []
  for (const [key, value] of Object.entries(parameters)) {
    const m = REQUEST_KEY.exec(key)
    if (!m) errors.push(`Invalid mapping key ${key}`)
    else if (m[2] === 'header' && isReservedHeader(m[3]!)) errors.push(`Operations on header ${m[3]} are restricted`)
    else if (m[1] !== 'remove' && value === '') errors.push(`Invalid mapping value for ${key}: it must not be empty`)
  }
  if (errors.length > 0) throw invalidMapping(errors)
}

/** An HTTP API integration's responseParameters, keyed by status code. */
export function checkResponseMappings(parameters: Record<string, Record<string, string>>): void {
  const errors: string[] = []
  for (const [status, mappings] of Object.entries(parameters)) {
    const code = Number(status)
    if (!/^\d{3}$/.test(status) || code < 200 || code > 599) errors.push(`Invalid status code ${status}: it must be between 200 and 599`)
    for (const key of Object.keys(mappings)) {
      const m = RESPONSE_KEY.exec(key)
      if (!m) errors.push(`Invalid mapping key ${key}`)
      else if (m[2] !== undefined && isReservedHeader(m[2])) errors.push(`Operations on header ${m[2]} are restricted`)
    }
  }
  if (errors.length > 0) throw invalidMapping(errors)
}
