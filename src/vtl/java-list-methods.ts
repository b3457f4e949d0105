import { VtlLimitError, VtlRuntimeError } from './errors.ts'
import { isJavaInteger } from './java-double.ts'
import { javaEquals } from './java-equals.ts'
import { javaToString } from './java-to-string.ts'
import { currentBudget } from './render-budget.ts'

/** Growth beyond this comes only from runaway templates (`$l.addAll($l)` in a loop). */
export const MAX_COLLECTION_SIZE = 1_000_000

/** Marks a Java `void` method: Velocity renders its result as the empty string. */
export const VOID = ''

function checkIndex(list: unknown[], index: number, size = list.length): void {
  if (index < 0 || index >= size) throw new VtlRuntimeError(`Index: ${index}, Size: ${list.length}`)
}

function checkGrowth(list: unknown[], extra: number): void {
  if (list.length + extra > MAX_COLLECTION_SIZE) throw new VtlLimitError(`list grew beyond ${MAX_COLLECTION_SIZE} elements`)
}

function indexOf(list: unknown[], value: unknown): number {
  for (let i = 0; i < list.length; i++) if (javaEquals(list[i], value)) return i
  return -1
}

/** java.util.ArrayList's methods. Returns undefined when List has no such method/arity. */
export function callListMethod(list: unknown[], name: string, args: unknown[]): unknown {
  const n = args.length
  const a = args[0]
  const b = args[1]
  switch (name) {
    case 'size': return n === 0 ? list.length : undefined
    case 'isEmpty': return n === 0 ? list.length === 0 : undefined
    case 'toString': return n === 0 ? javaToString(list) : undefined
    case 'get':
      if (n !== 1 || !isJavaInteger(a)) return undefined
      checkIndex(list, a)
      return list[a] ?? null
    case 'contains': return n === 1 ? indexOf(list, a) >= 0 : undefined
    case 'indexOf': return n === 1 ? indexOf(list, a) : undefined
    case 'lastIndexOf': {
      if (n !== 1) return undefined
      for (let i = list.length - 1; i >= 0; i--) if (javaEquals(list[i], a)) return i
      return -1
    }
    case 'equals': return n === 1 ? javaEquals(list, a) : undefined
    case 'add':
      checkGrowth(list, 1)
      if (n === 1) { list.push(a); return true }
      if (n === 2 && isJavaInteger(a)) {
        checkIndex(list, a, list.length + 1)
        list.splice(a, 0, b)
        return VOID
      }
      return undefined
    case 'addAll': {
      const items = n === 1 ? a : b
      if (!Array.isArray(items) || (n === 2 ? !isJavaInteger(a) : n !== 1)) return undefined
      checkGrowth(list, items.length)
      const copy = items.slice()
      if (n === 1) list.push(...copy)
      else { checkIndex(list, a as number, list.length + 1); list.splice(a as number, 0, ...copy) }
      return copy.length > 0
    }
    case 'set':
      if (n !== 2 || !isJavaInteger(a)) return undefined
      checkIndex(list, a)
      { const previous = list[a]; list[a] = b; return previous ?? null }
    case 'remove': {
      if (n !== 1) return undefined
      if (isJavaInteger(a)) {
        checkIndex(list, a)
        return list.splice(a, 1)[0] ?? null
      }
      const i = indexOf(list, a)
      if (i >= 0) list.splice(i, 1)
      return i >= 0
    }
    case 'clear':
      if (n !== 0) return undefined
      list.length = 0
      return VOID
    case 'subList': {
      if (n !== 2 || !isJavaInteger(a) || !isJavaInteger(b)) return undefined
      if (a < 0 || b > list.length || a > b) throw new VtlRuntimeError(`subList(${a}, ${b}) out of range for size ${list.length}`)
      return list.slice(a, b)
    }
    case 'containsAll':
      if (n !== 1 || !Array.isArray(a)) return undefined
      // every element of one list against every element of the other
      currentBudget()?.spendChars(a.length * list.length)
      return a.every((x) => indexOf(list, x) >= 0)
    case 'toArray': return n === 0 ? list.slice() : undefined
  }
  return undefined
}

/** `$list.empty` (isEmpty()); other List bean properties do not exist. */
export function listProperty(list: unknown[], name: string): unknown {
  return name === 'empty' ? list.length === 0 : undefined
}
