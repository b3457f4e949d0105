import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compileTemplate, DEFAULT_LIMITS, JavaDouble, VtlLimitError, VtlRuntimeError, VtlSyntaxError } from '../../src/vtl/index.ts'

const render = (source: string, vars: Record<string, unknown> = {}): string => compileTemplate(source).render(vars)

describe('compileTemplate', () => {
  test('keeps the source and renders many times without leaking state', () => {
    const t = compileTemplate('#set($n = $n + 1)$n')
    assert.equal(t.source, '#set($n = $n + 1)$n')
    assert.equal(t.render({ n: 1 }), '2')
    assert.equal(t.render({ n: 1 }), '2')
    assert.equal(t.render({}), '$n')
  })
  test('default limits are AWS-like', () => {
    assert.deepEqual({ ...DEFAULT_LIMITS }, { maxTemplateBytes: 307200, maxForeachIterations: 1000, maxTotalIterations: 100000, maxOutputBytes: 10485760, maxDepth: 64, maxWork: 10_000_000, maxRenderMs: 1000 })
  })
  test('syntax errors carry 1-based line and column in the message', () => {
    try {
      compileTemplate('line one\n  #if($a ==)x#end', { name: 'req.vm' })
      assert.fail('expected a syntax error')
    } catch (e) {
      assert.ok(e instanceof VtlSyntaxError)
      assert.equal(e.line, 2)
      assert.equal(e.column, 12)
      assert.match(e.message, /line 2, column 12/)
      assert.match(e.message, /req\.vm/)
    }
  })
  test('errors inside string literals point into the outer template', () => {
    try {
      compileTemplate('ab\n#set($x = "ok $y.m(")')
      assert.fail('expected a syntax error')
    } catch (e) {
      assert.ok(e instanceof VtlSyntaxError)
      assert.equal(e.line, 2)
    }
  })
  test('oversized templates are rejected at compile time', () => {
    assert.throws(() => compileTemplate('x'.repeat(DEFAULT_LIMITS.maxTemplateBytes + 1)), VtlSyntaxError)
  })
  test('deep nesting is a syntax error, not a stack overflow', () => {
    assert.throws(() => compileTemplate('#if(true)'.repeat(200) + '#end'.repeat(200)), VtlSyntaxError)
    assert.throws(() => compileTemplate('#set($a = ' + '('.repeat(500) + '1' + ')'.repeat(500) + ')'), VtlSyntaxError)
  })
})

describe('value contract', () => {
  test('#set on nested plain objects writes through to the caller', () => {
    const context = { responseOverride: {} as Record<string, unknown>, requestOverride: { header: {} as Record<string, unknown> } }
    render('#set($context.responseOverride.status = 400)#set($context.requestOverride.header.X = "v")', { context })
    assert.equal(context.responseOverride.status, 400)
    assert.equal(context.requestOverride.header.X, 'v')
  })
  test('top-level #set does not modify the vars object', () => {
    const vars = { a: 1 }
    render('#set($a = 2)#set($b = 3)', vars)
    assert.deepEqual(vars, { a: 1 })
  })
  test('JS Maps are Java maps', () => {
    const m = new Map<unknown, unknown>([['a', 1], [2, 'two']])
    assert.equal(render('$m.a $m.get(2) $m.size() $m.keySet() $m', { m }), '1 two 2 [a, 2] {a=1, 2=two}')
    render('$!m.put("c", 3)#set($m.d = 4)', { m })
    assert.equal(m.get('c'), 3)
    assert.equal(m.get('d'), 4)
  })
  test('beans: property, getter, is-getter, get(name) and methods', () => {
    class Bean {
      plain = 'P'
      getName(): string { return 'N' }
      isActive(): boolean { return true }
      get(key: string): string { return `g:${key}` }
      greet(a: string, b: number): string { return `${a}-${b}` }
    }
    assert.equal(render('$b.plain $b.name $b.active $b.other $b.greet("x", 2) $b.missing()', { b: new Bean() }), 'P N true g:other x-2 $b.missing()')
  })
  test('beans shaped like $input and $util', () => {
    class Input { json(p: string): string { return p === '$' ? '{"a":1}' : 'null' } params(n?: string): unknown { return n === undefined ? { path: {} } : 'v' } }
    const util = { escapeJavaScript: (s: string) => s.replace(/"/g, '\\"') }
    assert.equal(render(`{"b": $input.json('$'), "p": "$input.params('x')", "e": "$util.escapeJavaScript('a"b')"}`, { input: new Input(), util }), `{"b": {"a":1}, "p": "v", "e": "a\\"b"}`)
  })
  test('Object.prototype members are not reachable', () => {
    assert.equal(render('$m.constructor $m.toString $m.get("__proto__") $constructor $toString $m.hasOwnProperty("a")', { m: {} }), '$m.constructor $m.toString $m.get("__proto__") $constructor $toString $m.hasOwnProperty("a")')
    assert.equal(render('$b.constructor $b.valueOf()', { b: new (class {})() }), '$b.constructor $b.valueOf()')
  })
  test('a __proto__ key is an ordinary map key', () => {
    const m = JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>
    assert.equal(render('$m.get("__proto__").x $m.put("__proto__", 2) $m', { m }), '1 {x=1} {__proto__=2}')
    assert.equal(Object.getPrototypeOf(m), Object.prototype)
  })
  test('integral doubles from templates print with .0; JavaDouble can come from bindings too', () => {
    assert.equal(render('$d|#set($x = $d * 2)$x', { d: new JavaDouble(2) }), '2.0|4.0')
  })
})

describe('render errors', () => {
  test('exceptions thrown by bindings become VtlRuntimeError', () => {
    const bad = { boom(): never { throw new TypeError('kaput') } }
    assert.throws(() => render('$bad.boom()', { bad }), (e: unknown) => e instanceof VtlRuntimeError && /kaput/.test(e.message))
  })
  test('limits raise VtlLimitError', () => {
    assert.throws(() => compileTemplate('#foreach($i in [1..5])x#end', { limits: { maxForeachIterations: 2 } }).render({}), VtlLimitError)
    assert.throws(() => compileTemplate('#foreach($i in [1..100])xxxxxxxxxx#end', { limits: { maxOutputBytes: 50 } }).render({}), VtlLimitError)
    assert.throws(() => compileTemplate('#macro(a)#a()#end#a()', { limits: { maxDepth: 10 } }).render({}), VtlLimitError)
    assert.throws(() => compileTemplate('#define($d)$d#end$d').render({}), VtlLimitError)
  })
  test('exponential work without loops is bounded', () => {
    const stops = (source: string): void => assert.throws(() => compileTemplate(source).render({}), VtlLimitError, source)
    stops('#macro(f $n)#if($n > 0)#set($m = $n - 1)#f($m)#f($m)#end#end#f(60)')
    stops('#set($x = [])#foreach($i in [1..40])#set($x = [$x, $x])#end$x')
    stops('#set($x = [])#set($z = [])#foreach($i in [1..40])#set($x = [$x, $x])#set($z = [$z, $z])#end#if($x == $z)eq#end')
  })
  test('output limit counts UTF-8 bytes', () => {
    assert.throws(() => compileTemplate('$s', { limits: { maxOutputBytes: 10 } }).render({ s: 'ééééééé' }), VtlLimitError)
    assert.equal(compileTemplate('$s', { limits: { maxOutputBytes: 14 } }).render({ s: 'ééééééé' }), 'ééééééé')
  })
  test('invalid limits are rejected', () => {
    assert.throws(() => compileTemplate('x', { limits: { maxDepth: -1 } }), TypeError)
  })
})
