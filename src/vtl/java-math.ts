import { JavaDouble, isJavaNumber, numberValue, toDouble } from './java-double.ts'
import { javaToString } from './java-to-string.ts'

/**
 * Velocity 1.7 arithmetic (ASTMathNode + MathUtils): integers stay integers and widen
 * instead of overflowing, a double on either side makes a double, a zero divisor or a
 * non-number operand yields null, and `+` with a String on either side concatenates.
 */
type Num = number | JavaDouble

function bothIntegers(a: Num, b: Num): boolean {
  return typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)
}

export function add(a: unknown, b: unknown, leftLiteral: string, rightLiteral: string): unknown {
  if (typeof a === 'string' || typeof b === 'string') {
    return (a == null ? leftLiteral : javaToString(a)) + (b == null ? rightLiteral : javaToString(b))
  }
  if (!isJavaNumber(a) || !isJavaNumber(b)) return null
  const sum = numberValue(a) + numberValue(b)
  return bothIntegers(a, b) ? sum : toDouble(sum)
}

export function subtract(a: unknown, b: unknown): unknown {
  if (!isJavaNumber(a) || !isJavaNumber(b)) return null
  const r = numberValue(a) - numberValue(b)
  return bothIntegers(a, b) ? r : toDouble(r)
}

export function multiply(a: unknown, b: unknown): unknown {
  if (!isJavaNumber(a) || !isJavaNumber(b)) return null
  const r = numberValue(a) * numberValue(b)
  return bothIntegers(a, b) ? r + 0 : toDouble(r)
}

export function divide(a: unknown, b: unknown): unknown {
  if (!isJavaNumber(a) || !isJavaNumber(b)) return null
  const divisor = numberValue(b)
  if (divisor === 0) return null
  const r = numberValue(a) / divisor
  return bothIntegers(a, b) ? Math.trunc(r) + 0 : toDouble(r)
}

export function modulo(a: unknown, b: unknown): unknown {
  if (!isJavaNumber(a) || !isJavaNumber(b)) return null
  const divisor = numberValue(b)
  if (divisor === 0) return null
  const r = numberValue(a) % divisor
  return bothIntegers(a, b) ? r + 0 : toDouble(r)
}

/** `<`, `>`, `<=`, `>=`: numbers only; anything else (or null) is false. */
export function compareNumbers(a: unknown, b: unknown): number {
  if (!isJavaNumber(a) || !isJavaNumber(b)) return NaN
  const x = numberValue(a)
  const y = numberValue(b)
  return x < y ? -1 : x > y ? 1 : 0 // MathUtils.compare: NaN compares equal
}
