import { VtlRuntimeError } from './errors.ts'
import { JavaDouble, isJavaInteger } from './java-double.ts'
import { isPlainMap, mapGet, mapPut } from './java-map.ts'
import { callListMethod, listProperty } from './java-list-methods.ts'
import { callMapMethod } from './java-map-methods.ts'
import { callNumberMethod, callBooleanMethod } from './java-number-methods.ts'
import { callStringMethod, stringProperty } from './java-string-methods.ts'
import { ForeachScope } from './render-context.ts'
import { javaToString } from './java-to-string.ts'
import { currentBudget, type RenderBudget } from './render-budget.ts'

/**
 * `$a.b`, `$a.m(x)`, `$a[k]` and their #set forms, dispatched on the Java type a value
 * stands for (see java-*.ts). Anything that is not a String, number, boolean, List or
 * Map is a bean: its own JS properties and methods, found the way Velocity's
 * introspector finds getters. null means "unresolved": the reference prints literally.
 */

/** Names that would reach into JS internals rather than the bean's own API. */
export const HIDDEN = new Set(Object.getOwnPropertyNames(Object.prototype).concat(['prototype', 'caller', 'callee', 'arguments', 'apply', 'bind', 'call']))

export function getProperty(o: unknown, name: string): unknown {
  if (typeof o === 'object' && o !== null) {
    if (Array.isArray(o)) return listProperty(o, name) ?? null
    if (o instanceof Map || isPlainMap(o)) return mapGet(o as Record<string, unknown>, name)
    if (o instanceof ForeachScope) return foreachProperty(o, name)
    if (o instanceof JavaDouble) return null
    return beanProperty(o as Record<string, unknown>, name)
  }
  if (typeof o === 'string') return stringProperty(o, name) ?? null
  return null
}

function foreachProperty(o: ForeachScope, name: string): unknown {
  switch (name) {
    case 'index': return o.position
    case 'count': return o.position + 1
    case 'hasNext': return o.more
    case 'first': return o.position === 0
    case 'last': return !o.more
    case 'parent': return o.getParent()
    case 'topmost': return o.getTopmost()
  }
  return null
}

/** `getFoo`/`isFoo` for each property name, computed once. */
const getterNames = new Map<string, [string, string]>()

function gettersOf(name: string): [string, string] {
  let names = getterNames.get(name)
  if (names === undefined) {
    const cap = name.charAt(0).toUpperCase() + name.slice(1)
    names = ['get' + cap, 'is' + cap]
    if (getterNames.size < 10_000) getterNames.set(name, names)
  }
  return names
}

function beanProperty(o: Record<string, unknown>, name: string): unknown {
  if (!HIDDEN.has(name) && name in o) {
    const v = o[name]
    if (typeof v !== 'function') return v ?? null
  }
  for (const method of gettersOf(name)) {
    const fn = o[method]
    if (typeof fn === 'function' && !HIDDEN.has(method)) return fn.call(o) ?? null
  }
  const get = o.get
  if (typeof get === 'function') return get.call(o, name) ?? null
  return null
}

export function callMethod(o: unknown, name: string, args: unknown[]): unknown {
  let r: unknown
  switch (typeof o) {
    case 'string': r = callStringMethod(o, name, args); break
    case 'number': r = callNumberMethod(o, name, args); break
    case 'boolean': r = callBooleanMethod(o, name, args); break
    case 'object':
      if (o === null) return null
      if (Array.isArray(o)) r = callListMethod(o, name, args)
      else if (o instanceof Map || isPlainMap(o)) r = callMapMethod(o as Record<string, unknown>, name, args) ?? ownFunction(o, name, args)
      else if (o instanceof JavaDouble) r = callNumberMethod(o, name, args)
      else r = callBeanMethod(o as Record<string, unknown>, name, args)
      break
    default: return null
  }
  const budget = currentBudget()
  if (budget !== undefined) chargeCall(budget, o, r)
  return r ?? null
}

/**
 * A call costs the render one step plus its receiver's and result's size (characters or
 * elements), and a String it returns is held to maxOutputBytes like the output: doubling a
 * string with `$s.concat($s)` or `$s.replace` stops there instead of filling the heap.
 */
function chargeCall(budget: RenderBudget, o: unknown, r: unknown): void {
  let size = typeof o === 'string' || Array.isArray(o) ? o.length : 0
  if (Array.isArray(r)) size += r.length
  if (typeof r === 'string') budget.string(r)
  budget.spendChars(size)
}

/** A plain-object map whose own property is a function: a binding written as an object literal. */
function ownFunction(o: object, name: string, args: unknown[]): unknown {
  const fn = !(o instanceof Map) && Object.hasOwn(o, name) ? (o as Record<string, unknown>)[name] : undefined
  return typeof fn === 'function' ? fn.apply(o, args) : undefined
}

function callBeanMethod(o: Record<string, unknown>, name: string, args: unknown[]): unknown {
  const fn = HIDDEN.has(name) ? undefined : o[name]
  if (typeof fn === 'function') return fn.apply(o, args)
  if (args.length === 0 && name === 'toString') return javaToString(o)
  if (args.length === 1 && name === 'equals') return o === args[0]
  return undefined
}

export function getIndex(o: unknown, key: unknown): unknown {
  if (typeof o !== 'object' || o === null) return null
  if (Array.isArray(o)) {
    if (!isJavaInteger(key)) return null
    const i = key < 0 ? key + o.length : key
    if (i < 0 || i >= o.length) throw new VtlRuntimeError(`Index: ${key}, Size: ${o.length}`)
    return o[i] ?? null
  }
  if (o instanceof Map || isPlainMap(o)) return mapGet(o as Record<string, unknown>, key)
  const get = (o as { get?: unknown }).get
  return typeof get === 'function' ? (get.call(o, key) ?? null) : null
}

/** `#set($a.b = v)`: Map.put, or the bean's setB(v) / put("b", v). */
export function setProperty(o: unknown, name: string, value: unknown): void {
  if (typeof o !== 'object' || o === null || Array.isArray(o) || o instanceof JavaDouble) return
  if (o instanceof Map || isPlainMap(o)) { mapPut(o as Record<string, unknown>, name, value); return }
  const bean = o as Record<string, unknown>
  const setter = bean['set' + name.charAt(0).toUpperCase() + name.slice(1)]
  if (typeof setter === 'function') { setter.call(o, value); return }
  const put = bean.put
  if (typeof put === 'function') put.call(o, name, value)
}

/** `#set($a[k] = v)`: List.set (negative k counts from the end) or Map.put. */
export function setIndex(o: unknown, key: unknown, value: unknown): void {
  if (typeof o !== 'object' || o === null) return
  if (Array.isArray(o)) {
    if (!isJavaInteger(key)) return
    const i = key < 0 ? key + o.length : key
    if (i < 0 || i >= o.length) throw new VtlRuntimeError(`Index: ${key}, Size: ${o.length}`)
    o[i] = value
    return
  }
  if (o instanceof Map || isPlainMap(o)) { mapPut(o as Record<string, unknown>, key, value); return }
  const bean = o as Record<string, unknown>
  for (const method of ['set', 'put']) {
    const fn = bean[method]
    if (typeof fn === 'function') { fn.call(o, key, value); return }
  }
}
