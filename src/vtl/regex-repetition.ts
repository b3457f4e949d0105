/**
 * `(a+)+`, `(\w*)*`, `(a+){2}`: a repeated group that itself repeats without bound backtracks
 * exponentially on a near-match, and a JS regex cannot be interrupted once it runs. Patterns
 * from templates (Java regexes after translation, JSONPath filter regexes) are checked here
 * before they are compiled, and refused when this finds one.
 *
 * Reads JS regex syntax: `\x` escapes and `[…]` classes hold no quantifiers.
 */
export function hasNestedRepetition(source: string): boolean {
  // per open group: does it contain an unbounded quantifier?
  const groups: boolean[] = [false]
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    if (c === '\\') {
      i++
      continue
    }
    if (c === '[') {
      i = classEnd(source, i)
      continue
    }
    if (c === '(') groups.push(false)
    else if (c === ')' && groups.length > 1) {
      const inner = groups.pop()!
      const repeat = repetitionAt(source, i + 1)
      if (inner && repeat !== 'none') return true
      if (inner || repeat === 'unbounded') groups[groups.length - 1] = true
    } else if ((c === '*' || c === '+' || c === '{') && repetitionAt(source, i) === 'unbounded') groups[groups.length - 1] = true
  }
  return false
}

/** The index of the `]` closing the class opened at `start` (a leading `]` is literal, as in Java). */
function classEnd(source: string, start: number): number {
  let i = start + 1
  if (source[i] === '^') i++
  if (source[i] === ']') i++
  for (; i < source.length; i++) {
    if (source[i] === '\\') i++
    else if (source[i] === ']') return i
  }
  return source.length
}

const QUANTIFIER = /\{(\d+)(,(\d*))?\}/y

/** What the quantifier at `i` allows: nothing, a bounded or an unbounded repetition. */
function repetitionAt(source: string, i: number): 'none' | 'bounded' | 'unbounded' {
  const c = source[i]
  if (c === '*' || c === '+') return 'unbounded'
  if (c !== '{') return 'none'
  QUANTIFIER.lastIndex = i
  const m = QUANTIFIER.exec(source)
  if (m === null) return 'none'
  if (m[2] !== undefined && m[3] === '') return 'unbounded'
  return Number(m[3] ?? m[1]) > 1 ? 'bounded' : 'none'
}
