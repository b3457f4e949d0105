import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { javaRegex, javaReplacement, javaSplit, groupCount, translateJavaRegex } from '../../src/vtl/java-regex.ts'
import { VtlRuntimeError } from '../../src/vtl/index.ts'

const replaceAll = (s: string, re: string, rep: string): string => {
  const r = javaRegex(re, 'g')
  return s.replace(r, javaReplacement(rep, groupCount(r)))
}

describe('Java regex translation', () => {
  test('\\Q…\\E quotes metacharacters', () => {
    assert.equal(replaceAll('a.*b+c', '\\Q.*\\E', '-'), 'a-b+c')
    assert.equal(replaceAll('x(y)', '\\Q(y)', 'z'), 'xz') // unterminated \Q runs to the end
  })
  test('leading inline flags become RegExp flags', () => {
    assert.deepEqual(translateJavaRegex('(?i)abc'), { source: 'abc', flags: 'i' })
    assert.equal(javaRegex('(?is)a.b', 'full').test('A\nB'), true)
  })
  test('inline flags later in the pattern are rejected', () => {
    assert.throws(() => translateJavaRegex('a(?i)b'), VtlRuntimeError)
  })
  test('possessive quantifiers and atomic groups are rejected', () => {
    assert.throws(() => translateJavaRegex('a*+b'), VtlRuntimeError)
    assert.throws(() => translateJavaRegex('a++'), VtlRuntimeError)
    assert.throws(() => translateJavaRegex('(?>a)'), VtlRuntimeError)
    assert.doesNotThrow(() => translateJavaRegex('\\++'))
    assert.doesNotThrow(() => translateJavaRegex('[+]+'))
  })
  test('POSIX classes', () => {
    assert.equal(replaceAll('aB3_!', '\\p{Alpha}', 'x'), 'xx3_!')
    assert.equal(replaceAll('aB3_!', '[\\p{Digit}_]', 'x'), 'aBxx!')
    assert.equal(replaceAll('aB3', '\\P{Lower}', '.'), 'a..')
  })
  test('Java $ also matches before a final newline', () => {
    assert.equal(replaceAll('ab\n', 'b$', 'X'), 'aX\n')
    assert.equal(javaRegex('ab$', 'full').test('ab\n'), false)
  })
  test('\\A and \\z anchor the whole input', () => {
    assert.equal(replaceAll('aa', '\\Aa', 'b'), 'ba')
    assert.equal(replaceAll('aa', 'a\\z', 'b'), 'ab')
  })
  test('nested classes and intersections are rejected', () => {
    assert.throws(() => translateJavaRegex('[a[b]]'), VtlRuntimeError)
    assert.throws(() => translateJavaRegex('[a-z&&[^e]]'), VtlRuntimeError)
  })
  test('invalid patterns are runtime errors', () => {
    assert.throws(() => javaRegex('(', 'g'), VtlRuntimeError)
  })
})

describe('Java replacement strings', () => {
  test('$n group references and backslash escapes', () => {
    assert.equal(replaceAll('john smith', '(\\w+) (\\w+)', '$2, $1'), 'smith, john')
    assert.equal(replaceAll('a', 'a', '\\$1'), '$1')
    assert.equal(replaceAll('a', 'a', '\\\\'), '\\')
  })
  test('multi-digit references take the longest valid group number', () => {
    assert.equal(replaceAll('ab', '(a)(b)', '$10'), 'a0')
  })
  test('an unmatched optional group is empty', () => {
    assert.equal(replaceAll('b', '(a)?b', '[$1]'), '[]')
  })
  test('illegal references are errors', () => {
    assert.throws(() => replaceAll('a', 'a', '$'), VtlRuntimeError)
    assert.throws(() => replaceAll('a', 'a', '$2'), VtlRuntimeError)
    assert.throws(() => replaceAll('a', 'a', 'x\\'), VtlRuntimeError)
  })
})

describe('String.split', () => {
  test('trailing empty strings are removed with limit 0', () => {
    assert.deepEqual(javaSplit('a,b,,c,,', ',', 0), ['a', 'b', '', 'c'])
    assert.deepEqual(javaSplit(',,', ',', 0), [])
  })
  test('negative limit keeps them, positive limit caps the count', () => {
    assert.deepEqual(javaSplit('a,b,,', ',', -1), ['a', 'b', '', ''])
    assert.deepEqual(javaSplit('a,b,c', ',', 2), ['a', 'b,c'])
    assert.deepEqual(javaSplit('a,b,c', ',', 1), ['a,b,c'])
  })
  test('a leading non-empty match gives a leading empty string, a zero-width one does not', () => {
    assert.deepEqual(javaSplit(',a', ',', 0), ['', 'a'])
    assert.deepEqual(javaSplit('abc', '', 0), ['a', 'b', 'c'])
  })
  test('no match returns the input; the empty string splits to [""]', () => {
    assert.deepEqual(javaSplit('abc', ',', 0), ['abc'])
    assert.deepEqual(javaSplit('', ',', 0), [''])
  })
  test('regex metacharacters are regex, as in Java', () => {
    assert.deepEqual(javaSplit('a.b', '.', 0), [])
    assert.deepEqual(javaSplit('a.b', '\\.', 0), ['a', 'b'])
    assert.deepEqual(javaSplit('a1b22c', '\\d+', 0), ['a', 'b', 'c'])
  })
})

describe('catastrophic backtracking guard', () => {
  test('nested unbounded repetition is refused', () => {
    for (const p of ['(a+)+b', '(\\w*)*', '(x+x+)+y', '((ab)*c)+', '(a{2,})*', '(?:a|b+)*']) {
      assert.throws(() => translateJavaRegex(p), VtlRuntimeError, p)
    }
  })
  test('ordinary patterns pass', () => {
    for (const p of ['(a+)b', '(\\w+)@(\\w+)', '(ab)+', '[a+]+', '(a)?', '(\\d{1,3}\\.){3}\\d{1,3}', '(a+)?', '\\(a+\\)+']) {
      assert.doesNotThrow(() => translateJavaRegex(p), p)
    }
  })
})
