/**
 * `$context.requestOverride` / `$context.responseOverride`: what a template sets there replaces
 * the integration request's headers, query strings and path parameters, and the method
 * response's headers and status (apigateway-override-request-response-parameters).
 *
 * "Overrides are final. An override may only be applied to each parameter once. Trying to
 * override the same parameter multiple times will result in 5XX responses" (same page): the maps
 * count writes, and `readOverrides` lists the parameters written twice so the caller can fail.
 * A list value is a multi-valued header (the doc's `#set(... .header.multivalueheader=[$a, $b])`
 * reaches the endpoint as `multivalueheader=foo,header1Valheader2Val`).
 */
import { javaToString } from '../java-to-string.ts'

export interface OverrideMaps {
  requestOverride: { header: Record<string, unknown>; path: Record<string, unknown>; querystring: Record<string, unknown> }
  responseOverride: { header: Record<string, unknown>; status?: unknown }
}

export interface TemplateOverrides {
  request: {
    header: Record<string, string[]>
    querystring: Record<string, string[]>
    path: Record<string, string>
  }
  response: {
    /** undefined unless a template set a numeric status */
    status: number | undefined
    header: Record<string, string[]>
  }
  /** parameters a template overrode more than once, e.g. `responseOverride.status` */
  conflicts: string[]
}

interface Written {
  /** parameters written, by `label.key` */
  names: Set<string>
  conflicts: string[]
  /** the maps as created, to tell when a template replaced one wholesale */
  requestOverride: OverrideMaps['requestOverride']
  header: object
  path: object
  querystring: object
  responseOverride: OverrideMaps['responseOverride']
}

// kept on the maps themselves (a symbol key: invisible to templates), not in a WeakMap, whose
// young keys V8 (Node 20) keeps alive through minor GCs
const kWritten = Symbol('written')

function writtenOf(map: Record<string | symbol, unknown>): Written | undefined {
  return map[kWritten] as Written | undefined
}

/** Fresh, write-counting override maps for one request. */
export function createOverrides(): OverrideMaps {
  const conflicts: string[] = []
  const written = new Set<string>()
  const count = (label: string, key: string | symbol): void => {
    const name = `${label}.${String(key)}`
    if (written.has(name)) conflicts.push(name)
    written.add(name)
  }
  // the engine adds a new key with defineProperty and overwrites one with assignment
  const counted = <T extends object>(target: T, label: string): T =>
    new Proxy(target, {
      set(object, key, value) {
        count(label, key)
        return Reflect.set(object, key, value)
      },
      defineProperty(object, key, descriptor) {
        count(label, key)
        return Reflect.defineProperty(object, key, descriptor)
      },
    })
  const header = counted({}, 'requestOverride.header')
  const path = counted({}, 'requestOverride.path')
  const querystring = counted({}, 'requestOverride.querystring')
  const requestOverride = { header, path, querystring }
  const responseTarget = { header: counted({}, 'responseOverride.header') }
  const responseOverride = counted<OverrideMaps['responseOverride']>(responseTarget, 'responseOverride')
  const state: Written = { names: written, conflicts, requestOverride, header, path, querystring, responseOverride }
  // both maps of one request share one record; defined before the proxy wraps, so not counted as a write
  Object.defineProperty(requestOverride, kWritten, { value: state })
  Object.defineProperty(responseTarget, kWritten, { value: state })
  return { requestOverride, responseOverride }
}

const NOT_REPLACED = Symbol('not replaced')
/** where `$context` keeps its LazyOverrides (a symbol key: invisible to templates) */
export const kOverrides = Symbol('overrides')

/**
 * One request's override maps, made on first use: most templates that read `$context` never
 * touch its overrides, and the counting maps (five proxies) were 8–10 % of a MOCK request's CPU
 * (bench/inject.ts). `$context` exposes them as accessors over this (vtl/aws/context.ts); a
 * template that assigns `$context.requestOverride` replaces the map, as it would a plain property.
 */
export class LazyOverrides {
  #maps: OverrideMaps | undefined
  #request: unknown = NOT_REPLACED
  #response: unknown = NOT_REPLACED

  get request(): unknown {
    return this.#request === NOT_REPLACED ? this.#made().requestOverride : this.#request
  }
  set request(value: unknown) {
    this.#request = value
  }
  get response(): unknown {
    return this.#response === NOT_REPLACED ? this.#made().responseOverride : this.#response
  }
  set response(value: unknown) {
    this.#response = value
  }
  /** neither map was read or replaced: no template can have written an override */
  get unused(): boolean {
    return this.#maps === undefined && this.#request === NOT_REPLACED && this.#response === NOT_REPLACED
  }

  #made(): OverrideMaps {
    return (this.#maps ??= createOverrides())
  }
}

/** Reads what templates left in `$context` after rendering. */
export function readOverrides(context: Partial<OverrideMaps>): TemplateOverrides {
  if ((context as { [kOverrides]?: LazyOverrides })[kOverrides]?.unused === true) return noOverrides()
  const request = asMap(context.requestOverride)
  const response = asMap(context.responseOverride)
  // both maps of one request share one record
  const state = writtenOf(request) ?? writtenOf(response)
  if (state !== undefined && untouched(state, context)) return noOverrides()
  const conflicts = state?.conflicts ?? []
  return {
    request: {
      header: multiValues(request.header),
      querystring: multiValues(request.querystring),
      path: singleValues(request.path),
    },
    response: { status: statusOf(response.status), header: multiValues(response.header) },
    conflicts: [...conflicts],
  }
}

/** Nothing written through the counting maps and none replaced: every map is still empty. */
function untouched(state: Written, context: Partial<OverrideMaps>): boolean {
  const request = context.requestOverride
  return (
    state.names.size === 0 &&
    request === state.requestOverride &&
    context.responseOverride === state.responseOverride &&
    request.header === state.header &&
    request.path === state.path &&
    request.querystring === state.querystring
  )
}

function noOverrides(): TemplateOverrides {
  return { request: { header: {}, querystring: {}, path: {} }, response: { status: undefined, header: {} }, conflicts: [] }
}

function asMap(value: unknown): Record<string | symbol, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string | symbol, unknown>) : {}
}

function text(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : javaToString(value)
}

function multiValues(map: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(asMap(map))) {
    const values = (Array.isArray(value) ? value : [value]).map(text).filter((v) => v !== undefined)
    if (values.length > 0) out[name] = values
  }
  return out
}

function singleValues(map: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(asMap(map))) {
    const single = Array.isArray(value) ? value.map(text).join(',') : text(value)
    if (single !== undefined) out[name] = single
  }
  return out
}

/** `400` or `"400"`; anything else leaves the method response's status alone. */
function statusOf(value: unknown): number | undefined {
  const digits = value === null || value === undefined ? '' : javaToString(value).trim()
  return /^\d{3}$/.test(digits) ? Number(digits) : undefined
}
