/**
 * Lambda aliases with weighted routing (`RoutingConfig.AdditionalVersionWeights`): an alias
 * points at one version and may send a share of its invocations to one other version, the
 * canary the mission's notes name ("weighted routing between versions"). Lambda's rules: at most
 * one additional version, a weight from 0 to 1, both versions published (neither `$LATEST`),
 * and the additional version not the alias's own.
 */

/** As the config file writes an alias: a version, or Lambda's CreateAlias shape. */
export type AliasConfig =
  | string
  | {
      functionVersion: string
      routingConfig?: { additionalVersionWeights?: Record<string, number> }
    }

export interface ResolvedAlias {
  /** the version the alias points at (`FunctionVersion`) */
  readonly version: string
  /** at most one `[version, weight]`: that share of invocations runs the other version */
  readonly additional: readonly (readonly [string, number])[]
}

/** Lambda's limit on `AdditionalVersionWeights` entries. */
export const MAX_ADDITIONAL_VERSIONS = 1

type Fail = (key: string, message: string) => never

/** Checks one alias of a function whose published versions are `versions` (defined at `versionsAt`). */
export function validateAlias(value: unknown, at: string, versions: ReadonlySet<string>, versionsAt: string, fail: Fail): void {
  const exists = (version: unknown, where: string) => {
    if (typeof version !== 'string') fail(where, 'must name a version as a string, e.g. "1" or "$LATEST"')
    if (version !== '$LATEST' && !versions.has(version as string)) fail(where, `points at version ${JSON.stringify(version)}, which ${versionsAt} does not define`)
  }
  if (typeof value === 'string') return exists(value, at)
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail(at, 'must name a version ("1") or be {"functionVersion": "1", "routingConfig": {"additionalVersionWeights": {"2": 0.1}}}')
  }
  const alias = value as Record<string, unknown>
  for (const key of Object.keys(alias)) if (key !== 'functionVersion' && key !== 'routingConfig') fail(`${at}.${key}`, 'unknown key (expected functionVersion, routingConfig)')
  exists(alias.functionVersion, `${at}.functionVersion`)
  if (alias.routingConfig === undefined) return
  const routing = alias.routingConfig as Record<string, unknown>
  if (routing === null || typeof routing !== 'object' || Array.isArray(routing)) fail(`${at}.routingConfig`, 'must be {"additionalVersionWeights": {"<version>": <weight>}}')
  for (const key of Object.keys(routing)) if (key !== 'additionalVersionWeights') fail(`${at}.routingConfig.${key}`, 'unknown key (expected additionalVersionWeights)')
  const weights = routing.additionalVersionWeights
  if (weights === undefined) return
  const wat = `${at}.routingConfig.additionalVersionWeights`
  if (weights === null || typeof weights !== 'object' || Array.isArray(weights)) fail(wat, 'must be an object: version → weight')
  const entries = Object.entries(weights as Record<string, unknown>)
  if (entries.length > MAX_ADDITIONAL_VERSIONS) fail(wat, `an alias can route to at most ${MAX_ADDITIONAL_VERSIONS} additional version, as on Lambda`)
  if (entries.length > 0 && alias.functionVersion === '$LATEST') fail(`${at}.functionVersion`, 'an alias with weighted routing must point at a published version, not $LATEST (as on Lambda)')
  for (const [version, weight] of entries) {
    if (version === '$LATEST' || !versions.has(version)) fail(`${wat}.${version}`, `routes to version ${JSON.stringify(version)}, which must be one of ${versionsAt}`)
    if (version === alias.functionVersion) fail(`${wat}.${version}`, 'the additional version must differ from functionVersion')
    if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) fail(`${wat}.${version}`, `a weight is a number from 0.0 to 1.0, got ${JSON.stringify(weight)}`)
  }
}

/** A validated alias, resolved. */
export function resolveAlias(value: AliasConfig): ResolvedAlias {
  if (typeof value === 'string') return Object.freeze({ version: value, additional: Object.freeze([]) })
  const weights = Object.entries(value.routingConfig?.additionalVersionWeights ?? {})
  return Object.freeze({ version: value.functionVersion, additional: Object.freeze(weights.map(([v, w]) => Object.freeze([v, w] as const))) })
}

/** The version one invocation through the alias runs: the additional one with its weight's probability. */
export function pickVersion(alias: ResolvedAlias, random: () => number): string {
  let draw = alias.additional.length === 0 ? 1 : random()
  for (const [version, weight] of alias.additional) {
    if (draw < weight) return version
    draw -= weight
  }
  return alias.version
}

/** `1` or `1 (2: 10%)`, for `portico function ls`. */
export function describeAlias(alias: ResolvedAlias): string {
  return alias.additional.length === 0 ? alias.version : `${alias.version} (${alias.additional.map(([v, w]) => `${v}: ${+(w * 100).toFixed(4)}%`).join(', ')})`
}
