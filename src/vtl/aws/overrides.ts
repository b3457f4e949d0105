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

/** Lets a class add its private fields to an object it did not construct. */
class Stamp {
  constructor(target: object) {
    return target
  }
}

/**
 * A request's record, kept on its two maps themselves as a private field: invisible to
 * templates, to spreading and to deep equality, and not through the proxy's traps. Not in a
 * WeakMap, whose young keys V8 (Node 20) keeps alive through minor GCs; not a symbol property
 * defined non-enumerable, which costs more than the rest of the maps together.
 */
class Recorded extends Stamp {
  readonly #written: Written
  private constructor(map: object, written: Written) {
    super(map)
    this.#written = written
  }

  static stamp(map: object, written: Written): void {
    new Recorded(map, written)
  }

  static of(map: object): Written | undefined {
    return #written in map ? map.#written : undefined
  }
}

function writtenOf(map: Record<string | symbol, unknown>): Written | undefined {
  return Recorded.of(map)
}

/**
 * A counting map's proxy handler: its label (`requestOverride.header`) and its request's record
 * are fields, its traps prototype methods. Closures and a handler object literal per map per
 * request were 8–10 % of a MOCK request's CPU (bench/inject.ts). The engine adds a new key with
 * defineProperty and overwrites one with assignment.
 */
class Counting implements ProxyHandler<object> {
  constructor(
    readonly label: string,
    readonly written: Written,
  ) {}

  set(target: object, key: string | symbol, value: unknown): boolean {
    this.count(key)
    return Reflect.set(target, key, value)
  }

  defineProperty(target: object, key: string | symbol, descriptor: PropertyDescriptor): boolean {
    this.count(key)
    return Reflect.defineProperty(target, key, descriptor)
  }

  count(key: string | symbol): void {
    const name = `${this.label}.${String(key)}`
    if (this.written.names.has(name)) this.written.conflicts.push(name)
    this.written.names.add(name)
  }
}

/** Fresh, write-counting override maps for one request. */
export function createOverrides(): OverrideMaps {
  const written = { names: new Set<string>(), conflicts: [] as string[] } as Written
  const header = new Proxy({}, new Counting('requestOverride.header', written))
  const path = new Proxy({}, new Counting('requestOverride.path', written))
  const querystring = new Proxy({}, new Counting('requestOverride.querystring', written))
  const requestOverride = { header, path, querystring }
  const responseTarget = { header: new Proxy({}, new Counting('responseOverride.header', written)) }
  const responseOverride = new Proxy(responseTarget, new Counting('responseOverride', written)) as OverrideMaps['responseOverride']
  written.requestOverride = requestOverride
  written.header = header
  written.path = path
  written.querystring = querystring
  written.responseOverride = responseOverride
  // both maps of one request share one record
  Recorded.stamp(requestOverride, written)
  Recorded.stamp(responseOverride, written)
  return { requestOverride, responseOverride }
}

/** Reads what templates left in `$context` after rendering. */
export function readOverrides(context: Partial<OverrideMaps>): TemplateOverrides {
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
