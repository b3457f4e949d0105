import { JavaDouble, isJavaInteger, numberValue, toDouble } from './java-double.ts'
import { javaToString } from './java-to-string.ts'
import { velocityEquals } from './java-equals.ts'

/** Integer/Long/Double methods. Returns undefined when there is no such method/arity. */
export function callNumberMethod(value: number | JavaDouble, name: string, args: unknown[]): unknown {
  const v = numberValue(value)
  if (args.length === 1) {
    const other = args[0]
    if (name === 'equals') {
      return (isJavaInteger(value) === isJavaInteger(other)) && typeof other !== 'string' && velocityEquals(value, other)
    }
    if (name === 'compareTo' && (typeof other === 'number' || other instanceof JavaDouble)) {
      const o = numberValue(other)
      return v < o ? -1 : v > o ? 1 : 0
    }
    return undefined
  }
  if (args.length !== 0) return undefined
  switch (name) {
    case 'intValue': return Number.isFinite(v) ? (Math.trunc(v) | 0) : 0
    case 'longValue': case 'shortValue': case 'byteValue': return Number.isFinite(v) ? Math.trunc(v) + 0 : 0
    case 'doubleValue': case 'floatValue': return toDouble(v)
    case 'toString': return javaToString(value)
    case 'isNaN': return Number.isNaN(v)
    case 'isInfinite': return v === Infinity || v === -Infinity
    case 'hashCode': return isJavaInteger(value) ? v | 0 : undefined
  }
  return undefined
}

/** Boolean methods. */
export function callBooleanMethod(value: boolean, name: string, args: unknown[]): unknown {
  if (args.length === 0 && (name === 'toString')) return value ? 'true' : 'false'
  if (args.length === 0 && name === 'booleanValue') return value
  if (args.length === 1 && name === 'equals') return args[0] === value
  return undefined
}
