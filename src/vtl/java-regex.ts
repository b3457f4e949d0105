import { VtlRuntimeError } from './errors.ts'
import { hasNestedRepetition } from './regex-repetition.ts'

/**
 * Translates a java.util.regex pattern to a JS RegExp. Covers what templates use:
 * `\Q…\E`, leading inline flags `(?i)(?s)(?m)`, POSIX `\p{Alpha}`-style classes, `\A \z \Z`,
 * Java's `$` (also before a final newline). Constructs JS cannot express the same way
 * (possessive quantifiers, atomic groups, class unions/intersections, `\G`) are errors.
 */
const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r', javaLowerCase: 'a-z', javaUpperCase: 'A-Z',
  L: 'a-zA-Z\\u00C0-\\u024F', IsAlphabetic: 'a-zA-Z', IsDigit: '0-9',
}

const cache = new Map<string, RegExp>()
const CACHE_LIMIT = 500

function unsupported(pattern: string, what: string): never {
  throw new VtlRuntimeError(`unsupported Java regex construct ${what} in ${JSON.stringify(pattern)}`)
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

export function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let flags = ''
  let i = 0
  const inline = /^\(\?([imsux]+)\)/.exec(pattern)
  if (inline !== null) {
    for (const f of inline[1]!) {
      if (f === 'x' || f === 'u') unsupported(pattern, `(?${f})`)
      if (!flags.includes(f)) flags += f
    }
    i = inline[0].length
  }
  let out = ''
  let inClass = false
  while (i < pattern.length) {
    const c = pattern[i]!
    if (c === '\\') {
      const n = pattern[i + 1]
      if (n === undefined) throw new VtlRuntimeError(`unexpected trailing backslash in regex ${JSON.stringify(pattern)}`)
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2)
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end)
        out += escapeLiteral(literal)
        i = end < 0 ? pattern.length : end + 2
        continue
      }
      if (n === 'p' || n === 'P') {
        const m = /^\{(?:Is)?([A-Za-z]+)\}/.exec(pattern.slice(i + 2))
        const cls = m === null ? undefined : POSIX[m[1]!]
        if (m === null || cls === undefined) unsupported(pattern, `\\${n}`)
        const negate = n === 'P'
        out += inClass ? (negate ? unsupported(pattern, '\\P inside a class') : cls) : `[${negate ? '^' : ''}${cls}]`
        i += 2 + m[0].length
        continue
      }
      i += 2
      switch (n) {
        case 'A': out += '(?<![\\s\\S])'; continue
        case 'z': out += '(?![\\s\\S])'; continue
        case 'Z': out += '(?=\\n?(?![\\s\\S]))'; continue
        case 'h': out += inClass ? ' \\t\\xA0' : '[ \\t\\xA0]'; continue
        case 'e': out += '\\x1B'; continue
        case 'a': out += '\\x07'; continue
        case 'G': case 'X': case 'R': unsupported(pattern, `\\${n}`)
      }
      if (/[a-zA-Z0-9]/.test(n)) out += '\\' + n
      else out += escapeLiteral(n)
      continue
    }
    if (inClass) {
      if (c === '[') unsupported(pattern, 'nested character class')
      if (c === '&' && pattern[i + 1] === '&') unsupported(pattern, 'class intersection')
      if (c === ']') inClass = false
      out += c
      i++
      continue
    }
    if (c === '[') {
      inClass = true
      out += c
      i++
      if (pattern[i] === '^') { out += '^'; i++ }
      if (pattern[i] === ']') { out += '\\]'; i++ } // Java: a leading ] is literal
      continue
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const kind = pattern[i + 2]
      if (kind === '>') unsupported(pattern, 'atomic group (?>')
      if (kind !== ':' && kind !== '=' && kind !== '!' && !(kind === '<' && /[=!a-zA-Z]/.test(pattern[i + 3] ?? ''))) {
        unsupported(pattern, 'inline flags after the start')
      }
    }
    if ((c === '+') && i > 0 && /[*+?}]/.test(pattern[i - 1]!) && pattern[i - 2] !== '\\') unsupported(pattern, 'possessive quantifier')
    if (c === '$' && !flags.includes('m')) { out += '(?=\\n?(?![\\s\\S]))'; i++; continue }
    out += c
    i++
  }
  if (hasNestedRepetition(out)) {
    throw new VtlRuntimeError(`regex ${JSON.stringify(pattern)} repeats a group that itself repeats without bound (catastrophic backtracking); not supported`)
  }
  return { source: out, flags }
}

/** A cached RegExp for a Java pattern; `mode` adds `g` or anchors it for `matches()`. */
export function javaRegex(pattern: string, mode: 'g' | 'full' | 'once'): RegExp {
  const key = mode + '\u0000' + pattern
  let re = cache.get(key)
  if (re === undefined) {
    const { source, flags } = translateJavaRegex(pattern)
    try {
      re = mode === 'full' ? new RegExp(`^(?:${source})(?![\\s\\S])`, flags) : new RegExp(source, mode === 'g' ? flags + 'g' : flags)
    } catch (e) {
      throw new VtlRuntimeError(`invalid regex ${JSON.stringify(pattern)}: ${(e as Error).message}`)
    }
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(key, re)
  }
  re.lastIndex = 0
  return re
}

/** Java's Matcher.appendReplacement syntax: `$n`, `${name}`, `\x` for a literal x. */
export function javaReplacement(replacement: string, groupCount: number): (match: string, ...rest: unknown[]) => string {
  const pieces: (string | number)[] = []
  let literal = ''
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i]!
    if (c === '\\') {
      i++
      if (i >= replacement.length) throw new VtlRuntimeError('character to be escaped is missing in replacement')
      literal += replacement[i]
    } else if (c === '$') {
      const rest = replacement.slice(i + 1)
      const named = /^\{([a-zA-Z][a-zA-Z0-9]*)\}/.exec(rest)
      if (named !== null) unsupported(replacement, 'named group reference in replacement')
      const digits = /^\d+/.exec(rest)
      if (digits === null) throw new VtlRuntimeError(`illegal group reference in replacement ${JSON.stringify(replacement)}`)
      let ref = Number(digits[0][0])
      let used = 1
      while (used < digits[0].length && ref * 10 + Number(digits[0][used]) <= groupCount) {
        ref = ref * 10 + Number(digits[0][used])
        used++
      }
      if (ref > groupCount) throw new VtlRuntimeError(`no group ${ref} in regex`)
      if (literal !== '') { pieces.push(literal); literal = '' }
      pieces.push(ref)
      i += used
    } else literal += c
  }
  if (literal !== '') pieces.push(literal)
  return (match: string, ...rest: unknown[]) => {
    let s = ''
    for (const p of pieces) {
      if (typeof p === 'string') s += p
      else if (p === 0) s += match
      else { const g = rest[p - 1]; if (typeof g === 'string') s += g }
    }
    return s
  }
}

export function groupCount(re: RegExp): number {
  return (new RegExp(`${re.source}|`, re.flags.replace('g', '')).exec('') as RegExpExecArray).length - 1
}

/** `String.split(regex, limit)` with Java's rules for empty leading/trailing pieces. */
export function javaSplit(s: string, pattern: string, limit: number): string[] {
  if (s === '') return ['']
  const re = javaRegex(pattern, 'g')
  const out: string[] = []
  let last = 0
  let m: RegExpExecArray | null
  while ((m = re.exec(s)) !== null) {
    const end = m.index + m[0].length
    if (m[0].length === 0) {
      re.lastIndex++
      if (m.index === 0 || m.index >= s.length) continue
    }
    if (limit > 0 && out.length === limit - 1) break
    if (!(m.index === 0 && end === 0)) out.push(s.slice(last, m.index))
    last = end
    if (re.lastIndex > s.length) break
  }
  if (out.length === 0 && last === 0) return [s]
  out.push(s.slice(last))
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === '') out.pop()
  return out
}
