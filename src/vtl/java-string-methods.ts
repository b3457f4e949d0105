import { VtlRuntimeError } from './errors.ts'
import { isJavaInteger } from './java-double.ts'
import { javaEquals } from './java-equals.ts'
import { groupCount, javaRegex, javaReplacement, javaSplit } from './java-regex.ts'
import { javaToString } from './java-to-string.ts'

/** java.lang.String's methods. Returns undefined when String has no such method/arity. */
export function callStringMethod(s: string, name: string, args: unknown[]): unknown {
  const n = args.length
  const a = args[0]
  const b = args[1]
  switch (name) {
    case 'length': return n === 0 ? s.length : undefined
    case 'isEmpty': return n === 0 ? s.length === 0 : undefined
    case 'toString': case 'intern': return n === 0 ? s : undefined
    case 'trim': return n === 0 ? javaTrim(s) : undefined
    case 'toLowerCase': return n === 0 ? s.toLowerCase() : undefined
    case 'toUpperCase': return n === 0 ? s.toUpperCase() : undefined
    case 'hashCode': return n === 0 ? javaHashCode(s) : undefined
    case 'equals': return n === 1 ? javaEquals(s, a) : undefined
    case 'equalsIgnoreCase': return n === 1 ? typeof a === 'string' && a.toLowerCase() === s.toLowerCase() : undefined
    case 'contentEquals': return n === 1 && typeof a === 'string' ? a === s : undefined
    case 'compareTo': return n === 1 && typeof a === 'string' ? javaCompare(s, a) : undefined
    case 'compareToIgnoreCase': return n === 1 && typeof a === 'string' ? javaCompare(s.toLowerCase(), a.toLowerCase()) : undefined
    case 'contains': return n === 1 && typeof a === 'string' ? s.includes(a) : undefined
    case 'startsWith':
      if (n === 1 && typeof a === 'string') return s.startsWith(a)
      if (n === 2 && typeof a === 'string' && isJavaInteger(b)) return b >= 0 && s.startsWith(a, b)
      return undefined
    case 'endsWith': return n === 1 && typeof a === 'string' ? s.endsWith(a) : undefined
    case 'concat': return n === 1 && typeof a === 'string' ? s + a : undefined
    case 'charAt':
      if (n !== 1 || !isJavaInteger(a)) return undefined
      checkIndex(s, a, a >= 0 && a < s.length)
      return s.charAt(a)
    case 'codePointAt':
      if (n !== 1 || !isJavaInteger(a)) return undefined
      checkIndex(s, a, a >= 0 && a < s.length)
      return s.codePointAt(a)
    case 'indexOf':
    case 'lastIndexOf': return indexOf(s, name, args)
    case 'substring':
    case 'subSequence': {
      if (!isJavaInteger(a) || (n === 2 ? !isJavaInteger(b) : n !== 1) || (name === 'subSequence' && n !== 2)) return undefined
      const end = n === 2 ? (b as number) : s.length
      if (a < 0 || end > s.length || a > end) throw new VtlRuntimeError(`String index out of range: begin ${a}, end ${end}, length ${s.length}`)
      return s.substring(a, end)
    }
    case 'replace':
      if (n !== 2 || (typeof a !== 'string') || typeof b !== 'string') return undefined
      return a === '' ? s.replace(/(?:)/g, b.replace(/\$/g, '$$$$')) : s.split(a).join(b)
    case 'replaceAll':
    case 'replaceFirst': {
      if (n !== 2 || typeof a !== 'string' || typeof b !== 'string') return undefined
      const re = javaRegex(a, name === 'replaceAll' ? 'g' : 'once')
      return s.replace(re, javaReplacement(b, groupCount(re)))
    }
    case 'matches': return n === 1 && typeof a === 'string' ? javaRegex(a, 'full').test(s) : undefined
    case 'split':
      if (typeof a !== 'string' || (n === 2 ? !isJavaInteger(b) : n !== 1)) return undefined
      return javaSplit(s, a, n === 2 ? (b as number) : 0)
    case 'toCharArray': return n === 0 ? [...s].map((c) => c) : undefined
    case 'getBytes': return n === 0 ? [...Buffer.from(s, 'utf8')].map((x) => (x << 24) >> 24) : undefined
    case 'valueOf': return n === 1 ? javaToString(a) : undefined
  }
  return undefined
}

/** `$s.empty` and friends: String's bean properties (isEmpty()/getBytes()). */
export function stringProperty(s: string, name: string): unknown {
  if (name === 'empty') return s.length === 0
  if (name === 'bytes') return callStringMethod(s, 'getBytes', [])
  return undefined
}

function checkIndex(s: string, index: number, ok: boolean): void {
  if (!ok) throw new VtlRuntimeError(`String index out of range: ${index} (length ${s.length})`)
}

function indexOf(s: string, name: string, args: unknown[]): unknown {
  let needle = args[0]
  const from = args[1]
  if (isJavaInteger(needle)) needle = String.fromCharCode(needle)
  if (typeof needle !== 'string') return undefined
  if (args.length === 1) return name === 'indexOf' ? s.indexOf(needle) : s.lastIndexOf(needle)
  if (args.length !== 2 || !isJavaInteger(from)) return undefined
  if (name === 'indexOf') return s.indexOf(needle, Math.max(0, from))
  return from < 0 ? -1 : s.lastIndexOf(needle, from)
}

/** Java's trim(): strips every char ≤ U+0020 at both ends. */
function javaTrim(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && s.charCodeAt(start) <= 32) start++
  while (end > start && s.charCodeAt(end - 1) <= 32) end--
  return s.slice(start, end)
}

export function javaHashCode(s: string): number {
  let h = 0
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0
  return h
}

function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i)
    if (d !== 0) return d
  }
  return a.length - b.length
}
