import { IntegrationConfigError } from './errors.ts'
import type { VpcLinkRoute } from './vpc-link.ts'
import { interpolateStageVariables } from '../vtl/aws/stage-variable-template.ts'

/**
 * An HTTP/HTTP_PROXY integration `uri`, compiled once per stage:
 * - `${stageVariables.name}` is replaced at compile time (a stage's variables are fixed per
 *   plan; an undefined variable becomes empty, AWS-recorded: `https://${stageVariables.testHost}`
 *   with no such variable fails every call with 500 "Invalid endpoint address");
 * - `{name}` placeholders are filled per request from `integration.request.path.name` (mapped
 *   parameters and `$context.requestOverride.path`); a placeholder with no value is sent
 *   literally (percent-encoded), as LocalStack's AWS-validated emulation does;
 * - a value fills one path segment, percent-encoded, so its `/` goes out as `%2F` (AWS keeps an
 *   encoded slash of a `{id}` parameter encoded); only a placeholder mapped from a greedy
 *   `{proxy+}` parameter (`multiSegment`) keeps its slashes;
 * - no value may put a `.` or `..` segment into the path: the backend would resolve it and the
 *   call could leave the integration's path, so `pathAndQuery` refuses it (undefined).
 */
export interface EndpointUri {
  /** `http://host:port`, the pool key */
  readonly origin: string
  /** set for a private integration: the call goes to the link's target instead (vpc-link.ts) */
  readonly vpcLink?: VpcLinkRoute
  /**
   * `/path?query` with placeholders filled and `query` appended; undefined when a value would
   * form a `.` or `..` path segment
   */
  pathAndQuery(pathParams: Readonly<Record<string, string>>, query: Iterable<readonly [string, string]>): string | undefined
}

export type CompiledEndpointUri = { ok: true; uri: EndpointUri } | { ok: false; reason: string; uri: string }

type Part = string | { name: string; inQuery: boolean; multiSegment: boolean }

const PLACEHOLDER = /\{([^{}/?#]+)\}/g
const NONE: ReadonlySet<string> = new Set()

export function compileEndpointUri(
  rawUri: string | undefined,
  stageVariables: Readonly<Record<string, string>>,
  where: string,
  /** placeholders whose value is a greedy path parameter: its slashes separate segments */
  multiSegment: ReadonlySet<string> = NONE,
): CompiledEndpointUri {
  if (rawUri === undefined || rawUri === '') throw new IntegrationConfigError(`Invalid HTTP endpoint specified for URI (${where}): missing`)
  const usesStageVariables = rawUri.includes('${stageVariables.')
  const uri = usesStageVariables ? interpolateStageVariables(rawUri, stageVariables) : rawUri
  const failed = (reason: string): CompiledEndpointUri => {
    // AWS validates literal URIs at PutIntegration; ones built from stage variables fail per call
    if (!usesStageVariables) throw new IntegrationConfigError(`Invalid HTTP endpoint specified for URI (${where}): ${reason}`)
    return { ok: false, reason, uri }
  }

  const scheme = /^(https?):\/\//i.exec(uri)
  if (scheme === null) return failed(`${JSON.stringify(uri)} is not an http(s) URL`)
  const afterScheme = scheme[0].length
  let authorityEnd = uri.length
  for (const stop of ['/', '?', '#']) {
    const at = uri.indexOf(stop, afterScheme)
    if (at >= 0 && at < authorityEnd) authorityEnd = at
  }
  const authority = uri.slice(afterScheme, authorityEnd)
  if (authority === '' || authority.includes('{')) return failed(`${JSON.stringify(uri)} has no usable host`)
  let origin: string
  try {
    const parsed = new URL(`${scheme[1]!.toLowerCase()}://${authority}`)
    if (parsed.username !== '' || parsed.password !== '') return failed('credentials in the URI are not supported')
    origin = parsed.origin
  } catch {
    return failed(`${JSON.stringify(uri)} is not a valid URL`)
  }

  let rest = uri.slice(authorityEnd)
  const hash = rest.indexOf('#')
  if (hash >= 0) rest = rest.slice(0, hash)
  if (!rest.startsWith('/')) rest = '/' + rest
  const queryStart = rest.indexOf('?')
  const parts = splitPlaceholders(rest, queryStart < 0 ? rest.length : queryStart, multiSegment)
  const hasQuery = queryStart >= 0
  const staticText = parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined

  return {
    ok: true,
    uri: {
      origin,
      pathAndQuery(pathParams, query) {
        let out = staticText ?? fill(parts, pathParams)
        if (out === undefined) return undefined
        let joiner = hasQuery ? (out.endsWith('?') || out.endsWith('&') ? '' : '&') : '?'
        for (const [name, value] of query) {
          out += joiner + encodeURIComponent(name) + '=' + encodeURIComponent(value)
          joiner = '&'
        }
        return out
      },
    },
  }
}

function splitPlaceholders(text: string, queryStart: number, multiSegment: ReadonlySet<string>): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    const inQuery = m.index > queryStart
    parts.push({ name: m[1]!, inQuery, multiSegment: !inQuery && multiSegment.has(m[1]!) })
    last = m.index + m[0].length
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last))
  return parts
}

/** Characters encodeURIComponent never escapes; with `/` for a greedy value, which keeps it. */
const UNRESERVED_SEGMENT = /^[A-Za-z0-9\-_.!~*'()]*$/
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/

function fill(parts: readonly Part[], pathParams: Readonly<Record<string, string>>): string | undefined {
  let out = ''
  /** [start, end) of each path value in `out` that holds a dot, the only way to a dot segment */
  let dotted: number[] | undefined
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part
      continue
    }
    const value = pathParams[part.name]
    if (value === undefined) out += `%7B${encodeURIComponent(part.name)}%7D`
    else if (part.inQuery) out += encodeURIComponent(value)
    else {
      // a value encodeURIComponent would leave as it is (the usual proxy path) skips the encode and replace
      const encoded = part.multiSegment
        ? UNRESERVED_PATH.test(value)
          ? value
          : encodeURIComponent(value).replace(/%2F/gi, '/')
        : UNRESERVED_SEGMENT.test(value)
          ? value
          : encodeURIComponent(value)
      if (encoded.includes('.')) (dotted ??= []).push(out.length, out.length + encoded.length)
      out += encoded
    }
  }
  return dotted === undefined || !hasDotSegment(out, dotted) ? out : undefined
}

/**
 * Whether a segment of the path part of `out` that holds characters of a value (`ranges`) is
 * `.` or `..`, also spelt with `%2E` (WHATWG URL parsers resolve that too): a dot segment the
 * template spells by itself is left alone. Values never carry a raw `?`, so the first one ends
 * the path.
 */
function hasDotSegment(out: string, ranges: readonly number[]): boolean {
  const query = out.indexOf('?')
  const pathEnd = query < 0 ? out.length : query
  let start = 0
  while (start <= pathEnd) {
    let end = out.indexOf('/', start)
    if (end < 0 || end > pathEnd) end = pathEnd
    if (end - start <= 6 && DOT_SEGMENT.test(out.slice(start, end))) {
      for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! < end && ranges[i + 1]! > start) return true
    }
    start = end + 1
  }
  return false
}

const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i

const GREEDY_PART = /\{([^{}/]+)\+\}$/
const PATH_TARGET = 'integration.request.path.'

/**
 * The placeholders an integration fills from its resource's greedy parameter
 * (`integration.request.path.proxy: method.request.path.proxy` under `/{proxy+}`): the
 * `multiSegment` of compileEndpointUri.
 */
export function greedyPlaceholders(resourcePath: string, requestParameters: Readonly<Record<string, string>> | undefined): ReadonlySet<string> {
  const greedy = GREEDY_PART.exec(resourcePath)?.[1]
  if (greedy === undefined || requestParameters === undefined) return NONE
  const source = `method.request.path.${greedy}`
  const names = new Set<string>()
  for (const [target, expression] of Object.entries(requestParameters)) {
    if (expression === source && target.startsWith(PATH_TARGET)) names.add(target.slice(PATH_TARGET.length))
  }
  return names
}
