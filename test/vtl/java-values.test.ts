import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { javaDoubleToString, javaIntegerToString, JavaDouble } from '../../src/vtl/java-double.ts'
import { javaToString } from '../../src/vtl/java-to-string.ts'
import { velocityEquals } from '../../src/vtl/java-equals.ts'
import { add, divide, modulo, multiply, subtract } from '../../src/vtl/java-math.ts'

describe('Double.toString', () => {
  test('plain notation between 1e-3 and 1e7', () => {
    assert.equal(javaDoubleToString(1), '1.0')
    assert.equal(javaDoubleToString(3.5), '3.5')
    assert.equal(javaDoubleToString(-0.25), '-0.25')
    assert.equal(javaDoubleToString(0.001), '0.001')
    assert.equal(javaDoubleToString(9999999.5), '9999999.5')
    assert.equal(javaDoubleToString(0.1 + 0.2), '0.30000000000000004')
  })
  test('computerized scientific notation outside that range', () => {
    assert.equal(javaDoubleToString(1e7), '1.0E7')
    assert.equal(javaDoubleToString(1.0e10), '1.0E10')
    assert.equal(javaDoubleToString(12345678.9), '1.23456789E7')
    assert.equal(javaDoubleToString(0.0001), '1.0E-4')
    assert.equal(javaDoubleToString(-1.5e-7), '-1.5E-7')
    assert.equal(javaDoubleToString(Number.MAX_VALUE), '1.7976931348623157E308')
    assert.equal(javaDoubleToString(Number.MIN_VALUE), '4.9E-324')
  })
  test('special values', () => {
    assert.equal(javaDoubleToString(0), '0.0')
    assert.equal(javaDoubleToString(-0), '-0.0')
    assert.equal(javaDoubleToString(NaN), 'NaN')
    assert.equal(javaDoubleToString(Infinity), 'Infinity')
    assert.equal(javaDoubleToString(-Infinity), '-Infinity')
  })
  test('the few-decimals fast path agrees with String() on random values', () => {
    let seed = 7
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
    for (let i = 0; i < 20000; i++) {
      const scale = 10 ** Math.floor(rnd() * 8)
      let d = (rnd() - 0.5) * scale
      if (i % 2 === 0) d = Math.round(d * 100) / 100
      if (Number.isInteger(d) || Math.abs(d) < 1e-3 || Math.abs(d) >= 1e7) continue
      assert.equal(javaDoubleToString(d), String(d), `for ${d}`)
    }
  })
  test('Long.toString for big integers', () => {
    assert.equal(javaIntegerToString(2 ** 53), '9007199254740992')
    assert.equal(javaIntegerToString(1e21), '1000000000000000000000')
    assert.equal(javaIntegerToString(-0), '0')
  })
})

describe('Java toString of collections', () => {
  test('nested lists and maps', () => {
    assert.equal(javaToString([1, 'a', null, [true], { k: new JavaDouble(2) }]), '[1, a, null, [true], {k=2.0}]')
    assert.equal(javaToString(new Map<unknown, unknown>([[1, 'x'], ['y', [2.5]]])), '{1=x, y=[2.5]}')
  })
  test('self references', () => {
    const l: unknown[] = [1]
    l.push(l)
    assert.equal(javaToString(l), '[1, (this Collection)]')
    const m: Record<string, unknown> = {}
    m.self = m
    assert.equal(javaToString(m), '{self=(this Map)}')
  })
})

describe('Velocity arithmetic and equality', () => {
  test('integer and double results', () => {
    assert.equal(divide(7, 2), 3)
    assert.equal(divide(-7, 2), -3)
    assert.deepEqual(divide(new JavaDouble(6), 2), new JavaDouble(3))
    assert.equal(divide(7, 0), null)
    assert.equal(modulo(-7, 3), -1)
    assert.equal(modulo(1, 0), null)
    assert.deepEqual(add(1, new JavaDouble(2), '', ''), new JavaDouble(3))
    assert.equal(multiply(2147483647, 2), 4294967294)
    assert.equal(subtract('a', 1), null)
  })
  test('+ with a string concatenates Java toStrings', () => {
    assert.equal(add('a', new JavaDouble(1), '', ''), 'a1.0')
    assert.equal(add(null, 'b', '$x', ''), '$xb')
  })
  test('== rules', () => {
    assert.equal(velocityEquals(1, new JavaDouble(1)), true)
    assert.equal(velocityEquals(1, '1'), true)
    assert.equal(velocityEquals(new JavaDouble(1), '1'), false)
    assert.equal(velocityEquals(null, null), true)
    assert.equal(velocityEquals(null, ''), false)
    assert.equal(velocityEquals([1, [2]], [1, [2]]), true)
    assert.equal(velocityEquals({ a: 1 }, { a: 1 }), true)
    assert.equal(velocityEquals(true, 'true'), true)
  })
})
