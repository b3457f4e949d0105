/**
 * Java `double` values. Integral doubles (`2.0`) need their own type so they print as
 * `2.0` and divide as doubles; non-integral doubles, NaN and ±Infinity stay plain JS
 * numbers, since no integer can be confused with them.
 */
export class JavaDouble {
  constructor(readonly value: number) {}
  toString(): string { return javaDoubleToString(this.value) }
}

/** A double result: wrapped when integral, plain otherwise. */
export function toDouble(value: number): number | JavaDouble {
  return Number.isInteger(value) ? new JavaDouble(value) : value
}

export function isJavaNumber(value: unknown): value is number | JavaDouble {
  return typeof value === 'number' || value instanceof JavaDouble
}

/** Integral JS numbers are Java Integer/Long; everything else numeric is a Double. */
export function isJavaInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value)
}

export function numberValue(value: number | JavaDouble): number {
  return typeof value === 'number' ? value : value.value
}

/** Java's `Long.toString`, for integers JS would print in exponent form. */
export function javaIntegerToString(value: number): string {
  if (Object.is(value, -0)) return '0'
  return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString()
}

/**
 * `Double.toString`: plain decimal with at least one fraction digit for 1e-3 ≤ |d| < 1e7,
 * otherwise `d.dddE±n`. The digits are the shortest that round-trip (JDK 19+; older
 * JDKs occasionally printed one more digit).
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN'
  if (d === Infinity) return 'Infinity'
  if (d === -Infinity) return '-Infinity'
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(d)
  if (abs >= 1e-3 && abs < 1e7) {
    const fast = fewDecimals(d)
    if (fast !== null) return fast
    const s = String(d)
    return s.includes('.') ? s : s + '.0'
  }
  let [mantissa, exponent] = d.toExponential().split('e') as [string, string]
  if (!mantissa.includes('.')) {
    // Java prints at least two digits, choosing the closest two-digit decimal (4.9E-324, not 5.0E-324)
    const two = d.toExponential(1)
    if (Number(two) === d) [mantissa, exponent] = two.split('e') as [string, string]
    else mantissa += '.0'
  }
  const m = mantissa
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`
}

const POWERS = [1, 10, 100, 1000, 10000, 100000, 1000000]

/**
 * Fast path for the common doubles (prices, ratios): String(d) costs ~200 ns in V8.
 * If d equals m / 10^k for the smallest such k ≤ 6, that decimal is exactly the shortest
 * round-tripping form String(d) would print (IEEE division is correctly rounded).
 */
function fewDecimals(d: number): string | null {
  for (let k = 1; k < POWERS.length; k++) {
    const p = POWERS[k]!
    const m = Math.round(d * p)
    if (m / p !== d) continue
    const digits = String(Math.abs(m)).padStart(k + 1, '0')
    const cut = digits.length - k
    return (m < 0 ? '-' : '') + digits.slice(0, cut) + '.' + digits.slice(cut)
  }
  return null
}
