/**
 * What CloudFront does to a request before an edge-optimized endpoint sees it
 * (api-gateway-api-endpoint-types: "Edge-optimized APIs capitalize the names of HTTP headers
 * (for example, Cookie)" and "CloudFront sorts HTTP cookies in natural order by cookie name
 * before forwarding the request to your origin"). Applied to EDGE REST APIs on their execute-api
 * hosts and to EDGE custom domains; REGIONAL and PRIVATE requests keep the names as sent.
 *
 * Which names: AWS-recorded events of an EDGE API (LocalStack's test_lambda_aws_proxy_integration,
 * an API created without endpointConfiguration) show `authorization` arriving as `Authorization`
 * but a custom `tEsT-HEADeR` as sent. So the standard HTTP request headers CloudFront knows are
 * given their canonical spelling (`accept-encoding` → `Accept-Encoding`) and other names are kept;
 * AWS publishes no list, this one is RFC 9110's request headers plus Cookie and Origin.
 */
import type { SentRequest } from '../gateway/types.ts'
import type { Resolution } from './resolve.ts'

/** The request as the stage sees it: through CloudFront (EDGE), its headers as CloudFront forwards them; else as sent. */
export function asForwarded(sent: SentRequest, resolution: Extract<Resolution, { kind: 'stage' }>): SentRequest {
  return throughCloudFront(resolution) ? { ...sent, rawHeaders: cloudFrontHeaders(sent.rawHeaders) } : sent
}

/** The request passes through CloudFront: an EDGE API on its own host, or an EDGE custom domain. */
export function throughCloudFront(resolution: Extract<Resolution, { kind: 'stage' }>): boolean {
  return resolution.basePathMatched === undefined ? resolution.plan.endpointType === 'EDGE' : resolution.edgeDomain === true
}

const STANDARD = new Map(
  (
    'Accept Accept-Charset Accept-Encoding Accept-Language Authorization Cache-Control Content-Encoding ' +
    'Content-Language Content-Length Content-Type Cookie Date Expect From Host If-Match If-Modified-Since ' +
    'If-None-Match If-Range If-Unmodified-Since Max-Forwards Origin Pragma Proxy-Authorization Range ' +
    'Referer TE Upgrade User-Agent Via'
  )
    .split(' ')
    .map((name) => [name.toLowerCase(), name]),
)

/**
 * Node's rawHeaders (names and values alternating) as CloudFront forwards them: the same array
 * when nothing changes (most clients already send canonical names), a copy from the first change on.
 */
export function cloudFrontHeaders(raw: readonly string[]): readonly string[] {
  let out: string[] | undefined
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const sentName = raw[i]!
    const name = canonicalName(sentName)
    const value = name === 'Cookie' ? sortCookies(raw[i + 1]!) : raw[i + 1]!
    if (out === undefined && (name !== sentName || value !== raw[i + 1])) out = raw.slice(0, i)
    if (out !== undefined) out.push(name, value)
  }
  return out ?? raw
}

/** `accept-encoding` → `Accept-Encoding`; a name CloudFront does not know is kept as sent. */
export function canonicalName(name: string): string {
  return STANDARD.get(name.toLowerCase()) ?? name
}

/** `b=2; a=1; c=3` → `a=1; b=2; c=3` (by name; equal names keep their order) */
export function sortCookies(value: string): string {
  const cookies = value.split(';').map((c) => c.trim()).filter((c) => c !== '')
  const nameOf = (cookie: string): string => {
    const eq = cookie.indexOf('=')
    return eq < 0 ? cookie : cookie.slice(0, eq)
  }
  return cookies
    .map((cookie, index) => ({ cookie, index, name: nameOf(cookie) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index))
    .map((c) => c.cookie)
    .join('; ')
}
