import type { LoggingLevel, MethodSetting } from '../../../model/index.ts'
import { badRequest } from '../../protocol/errors.ts'

/**
 * A stage's methodSettings as UpdateStage writes them: `/{resourcePath}/{httpMethod}/{group}/{name}`
 * (or `*` / `*` for every method) addresses one field of the setting keyed `pets/GET`, `~1/GET`
 * or `*\/*`. Whoever reads the keys (the data plane) decodes `~1` and drops a leading slash to
 * find the resource path.
 */

/** What AWS reports for a freshly created key when no `*\/*` setting exists (recorded against AWS). */
export const DEFAULT_METHOD_SETTING: Readonly<MethodSetting> = Object.freeze({
  metricsEnabled: false,
  loggingLevel: 'OFF',
  dataTraceEnabled: false,
  throttlingBurstLimit: 5000,
  throttlingRateLimit: 10000,
  cachingEnabled: false,
  cacheTtlInSeconds: 300,
  cacheDataEncrypted: false,
  requireAuthorizationForCacheControl: true,
  unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
})

const LOG_LEVELS: readonly LoggingLevel[] = ['OFF', 'ERROR', 'INFO']
const STRATEGIES = ['FAIL_WITH_403', 'SUCCEED_WITH_RESPONSE_HEADER', 'SUCCEED_WITHOUT_RESPONSE_HEADER'] as const
const VERBS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'ANY', '*']

interface Field {
  member: keyof MethodSetting
  parse(text: string, path: string): MethodSetting[keyof MethodSetting]
}

const bool = (member: keyof MethodSetting): Field => ({
  member,
  parse(text, path) {
    const lower = text.toLowerCase()
    if (lower !== 'true' && lower !== 'false') throw badRequest(`Invalid boolean value '${text}' specified for path '${path}'`)
    return lower === 'true'
  },
})

const int = (member: keyof MethodSetting, min: number, max: number): Field => ({
  member,
  parse(text, path) {
    const n = Number(text)
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) throw badRequest(`Invalid value '${text}' specified for path '${path}'. Must be an integer between ${min} and ${max}`)
    return n
  },
})

/** `{group}/{name}` of a patch path → the MethodSetting member it writes. */
export const METHOD_SETTING_FIELDS: Readonly<Record<string, Field>> = Object.freeze({
  'metrics/enabled': bool('metricsEnabled'),
  'logging/loglevel': {
    member: 'loggingLevel',
    parse(text) {
      const level = text.toUpperCase() as LoggingLevel
      if (!LOG_LEVELS.includes(level)) throw badRequest(`Invalid logging level specified: ${text}. Must be one of: [OFF, ERROR, INFO]`)
      return level
    },
  },
  'logging/dataTrace': bool('dataTraceEnabled'),
  'throttling/burstLimit': int('throttlingBurstLimit', 0, Number.MAX_SAFE_INTEGER),
  'throttling/rateLimit': {
    member: 'throttlingRateLimit',
    parse(text, path) {
      const n = Number(text)
      if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw badRequest(`Invalid value '${text}' specified for path '${path}'. Must be a non-negative number`)
      return n
    },
  },
  'caching/enabled': bool('cachingEnabled'),
  'caching/ttlInSeconds': int('cacheTtlInSeconds', 0, 3600),
  'caching/dataEncrypted': bool('cacheDataEncrypted'),
  'caching/requireAuthorizationForCacheControl': bool('requireAuthorizationForCacheControl'),
  'caching/unauthorizedCacheControlHeaderStrategy': {
    member: 'unauthorizedCacheControlHeaderStrategy',
    parse(text) {
      if (!(STRATEGIES as readonly string[]).includes(text)) throw badRequest(`Invalid unauthorizedCacheControlHeaderStrategy specified: ${text}. Must be one of: [${STRATEGIES.join(', ')}]`)
      return text as MethodSetting['unauthorizedCacheControlHeaderStrategy']
    },
  },
})

/**
 * The methodSettings key for the raw (still `~1`-escaped) patch-path segments naming a resource
 * and a verb. AWS keys the map by the path text as the caller wrote it, without decoding:
 * `/pets/GET/…` → `pets/GET`, `/~1/GET/…` (the root) → `~1/GET`, `/*\/*\/…` → `*\/*` (AWS's
 * GetStage output and Terraform's `method_path` both show these forms). Undefined when the
 * segments cannot name one (no resource, unknown verb).
 */
export function methodSettingKey(rawSegments: readonly string[]): string | undefined {
  if (rawSegments.length < 2) return undefined
  const verb = rawSegments[rawSegments.length - 1]!
  const resource = rawSegments.slice(0, -1).join('/')
  if (resource === '*' && verb === '*') return '*/*'
  if (!VERBS.includes(verb) || verb === '*' || resource === '' || resource === '*') return undefined
  return `${resource}/${verb}`
}

/** A setting for a key seen for the first time: a copy of `*\/*` when there is one (AWS does so), else the defaults. */
export function newMethodSetting(settings: Record<string, MethodSetting>, key: string): MethodSetting {
  const base = key !== '*/*' ? settings['*/*'] : undefined
  return { ...(base ?? DEFAULT_METHOD_SETTING) }
}

/** MethodSetting as GetStage shows it; an unset (OFF) logging level is not shown, as AWS does. */
export function renderMethodSetting(setting: MethodSetting): Record<string, unknown> {
  const { loggingLevel, ...rest } = setting
  return loggingLevel === 'OFF' ? rest : { ...rest, loggingLevel }
}
