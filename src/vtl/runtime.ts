import { VtlLimitError, VtlRuntimeError } from './errors.ts'
import { JavaDouble, isJavaNumber, numberValue, toDouble } from './java-double.ts'
import { add, compareNumbers, divide, modulo, multiply, subtract } from './java-math.ts'
import { velocityEquals } from './java-equals.ts'
import { isPlainMap, keyString, mapValues, newMap, type PlainMap } from './java-map.ts'
import { MAX_COLLECTION_SIZE } from './java-list-methods.ts'
import { javaToString } from './java-to-string.ts'
import { callMethod, getIndex, getProperty, setIndex, setProperty } from './member-access.ts'
import { DefinedBlock, ForeachScope, MacroFrame, RenderContext, type Scope } from './render-context.ts'
import { currentBudget } from './render-budget.ts'

/** Thrown by #stop; carries the output written so far by the frames it unwinds. */
export class StopSignal {
  partial = ''
}

/**
 * Everything compiled template code calls. One frozen object, passed to every compiled
 * template, so generated code reaches helpers through a single monomorphic receiver.
 */
export const runtime = Object.freeze({
  str: javaToString,
  prop: getProperty,
  call: callMethod,
  index: getIndex,
  setProp: setProperty,
  setIndex,
  /** `+`; a String it builds is held to maxOutputBytes (`#set($s = $s + $s)` doubles). */
  add(a: unknown, b: unknown, leftLiteral: string, rightLiteral: string): unknown {
    const sum = add(a, b, leftLiteral, rightLiteral)
    if (typeof sum === 'string') currentBudget()?.string(sum)
    return sum
  },
  sub: subtract,
  mul: multiply,
  div: divide,
  mod: modulo,
  eq: velocityEquals,
  /** `==` when nulls print blank: null also equals the empty string. */
  eqBlank(a: unknown, b: unknown): boolean {
    if (a == null && b === '') return true
    if (b == null && a === '') return true
    return velocityEquals(a, b)
  },
  cmp: compareNumbers,
  double: (v: number) => toDouble(v),
  JavaDouble,
  ForeachScope,
  MacroFrame,
  DefinedBlock,
  StopSignal,

  /** `#if($x)`: null and false are false; everything else, even "" and [], is true. */
  truthy(v: unknown): boolean {
    return v != null && v !== false
  },

  range(from: unknown, to: unknown): unknown[] | null {
    if (!isJavaNumber(from) || !isJavaNumber(to)) return null
    const a = Math.trunc(numberValue(from)) | 0
    const b = Math.trunc(numberValue(to)) | 0
    const size = Math.abs(a - b) + 1
    if (size > MAX_COLLECTION_SIZE) throw new VtlLimitError(`range [${a}..${b}] has more than ${MAX_COLLECTION_SIZE} elements`)
    const out = new Array<number>(size)
    const step = a <= b ? 1 : -1
    for (let i = 0, v = a; i < size; i++, v += step) out[i] = v
    return out
  },

  map(flat: unknown[]): PlainMap {
    const m = newMap()
    for (let i = 0; i < flat.length; i += 2) {
      const k = keyString(flat[i] == null ? 'null' : javaToString(flat[i]))
      Object.defineProperty(m, k, { value: flat[i + 1], writable: true, enumerable: true, configurable: true })
    }
    return m
  },

  /** What #foreach walks: List/array elements, Map values, other iterables; null skips the loop. */
  iterable(v: unknown): unknown[] | null {
    if (typeof v !== 'object' || v === null) return null
    if (Array.isArray(v)) return v
    if (v instanceof Map || isPlainMap(v)) return mapValues(v as PlainMap)
    if (v instanceof JavaDouble || v instanceof ForeachScope || v instanceof DefinedBlock) return null
    if (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') {
      const out: unknown[] = []
      for (const item of v as Iterable<unknown>) {
        if (out.length >= MAX_COLLECTION_SIZE) throw new VtlLimitError('iterable too large')
        out.push(item)
      }
      return out
    }
    return null
  },

  restore(scope: Scope, name: string, saved: unknown): void {
    if (saved != null) scope.set(name, saved)
    else scope.remove(name)
  },

  callMacro(ctx: RenderContext, fn: (c: RenderContext, s: Scope) => string, frame: MacroFrame): string {
    ctx.countWork()
    ctx.enter()
    try {
      return fn(ctx, frame)
    } finally {
      ctx.leave()
    }
  },

  define(fn: (c: RenderContext, s: Scope) => string, ctx: RenderContext, scope: Scope): DefinedBlock {
    return new DefinedBlock(fn, ctx, scope)
  },

  stop(): never {
    throw new StopSignal()
  },

  /** Adds a frame's output to a passing #stop, or passes any other error through. */
  unwind(e: unknown, out: string): unknown {
    if (e instanceof StopSignal) e.partial = out + e.partial
    return e
  },

  trimLast(s: string): string {
    return s.length > 0 ? s.slice(0, -1) : s
  },

  checkLength(s: string, max: number): string {
    if (s.length > max) throw new VtlLimitError(`string longer than ${max} characters`)
    return s
  },

  limitOutput(max: number): never {
    throw new VtlLimitError(`output exceeds ${max} bytes`)
  },

  limitLoop(max: number): never {
    throw new VtlLimitError(`#foreach exceeds ${max} iterations`)
  },

  limitTotal(max: number): never {
    throw new VtlLimitError(`template exceeds ${max} loop iterations in total`)
  },

  modified(): never {
    throw new VtlRuntimeError('ConcurrentModificationException: list changed during #foreach')
  },

  badArgument(word: string, macro: string): never {
    throw new VtlRuntimeError(`invalid argument '${word}' in macro #${macro}`)
  },

  unsupported(name: string, line: number, column: number): never {
    throw new VtlRuntimeError(`#${name} is not supported (line ${line}, column ${column})`)
  },
})

export type Runtime = typeof runtime
export { RenderContext }
