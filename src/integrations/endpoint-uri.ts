import { IntegrationConfigError } from './errors.ts'
import { interpolateStageVariables } from '../vtl/aws/stage-variable-template.ts'

/**
 * An HTTP/HTTP_PROXY integration `uri`, compiled once per stage:
 * - `${stageVariables.name}` is replaced at compile time (a stage's variables are fixed per
 *   plan; an undefined variable becomes empty, AWS-recorded: `https://${stageVariables.testHost}`
 *   with no such variable fails every call with 500 "Invalid endpoint address");
 * - `{name}` placeholders are filled per request from `integration.request.path.name` (mapped
 *   parameters and `$context.requestOverride.path`); a placeholder with no value is sent
 *   literally (percent-encoded), as LocalStack's AWS-validated emulation does.
 */
export interface EndpointUri {
  /** `http://host:port`, the pool key */
  readonly origin: string
  /** `/path?query` with placeholders filled and `query` appended */
  pathAndQuery(pathParams: Readonly<Record<string, string>>, query: Iterable<readonly [string, string]>): string
}

export type CompiledEndpointUri = { ok: true; uri: EndpointUri } | { ok: false; reason: string; uri: string }

type Part = string | { name: string; inQuery: boolean }

const PLACEHOLDER = /\{([^{}/?#]+)\}/g

export function compileEndpointUri(
  rawUri: string | undefined,
  stageVariables: Readonly<Record<string, string>>,
  where: string,
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
  const parts = splitPlaceholders(rest, queryStart < 0 ? rest.length : queryStart)
  const hasQuery = queryStart >= 0
  const staticText = parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined

  return {
    ok: true,
    uri: {
      origin,
      pathAndQuery(pathParams, query) {
        let out = staticText ?? fill(parts, pathParams)
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

function splitPlaceholders(text: string, queryStart: number): Part[] {
  const parts: Part[] = []
  let last = 0
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index))
    parts.push({ name: m[1]!, inQuery: m.index > queryStart })
    last = m.index + m[0].length
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last))
  return parts
}

/** Characters encodeURIComponent never escapes, plus `/`, which a path value keeps. */
const UNRESERVED_PATH = /^[A-Za-z0-9\-_.!~*'()/]*$/

function fill(parts: readonly Part[], pathParams: Readonly<Record<string, string>>): string {
  let out = ''
  for (const part of parts) {
    if (typeof part === 'string') {
      out += part
      continue
    }
    const value = pathParams[part.name]
    if (value === undefined) out += `%7B${encodeURIComponent(part.name)}%7D`
    else if (part.inQuery) out += encodeURIComponent(value)
    // a value encodeURIComponent would leave as it is (the usual proxy path) skips the encode and replace
    else if (UNRESERVED_PATH.test(value)) out += value
    // a greedy {proxy+} value keeps its slashes
    else out += encodeURIComponent(value).replace(/%2F/gi, '/')
  }
  return out
}
