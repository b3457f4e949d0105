/**
 * One render's work and time budget (src/vtl/render-budget.ts): JSONPath, loops, macro and
 * method calls, parsed and built strings all draw from it, and a render that spends it fails
 * with a VtlLimitError instead of holding the event loop (issue 14, defect 1).
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { compileTemplate, DEFAULT_LIMITS, VtlLimitError, type TemplateLimits } from '../../src/vtl/index.ts'
import { compileJsonPath, evaluateJsonPath, JsonPathError } from '../../src/vtl/aws/json-path.ts'
import { TemplateInput, templateUtil } from '../../src/vtl/aws/index.ts'
import { AWS_TEMPLATE_OPTIONS } from '../../src/vtl/aws/template-options.ts'
import { RenderBudget } from '../../src/vtl/render-budget.ts'
import { templateLimitsFromEnv } from '../../src/integrations/template-limits.ts'

const budget = (limits: Partial<TemplateLimits> = {}): RenderBudget => new RenderBudget({ ...DEFAULT_LIMITS, maxRenderMs: 60_000, ...limits })

/** `{"a":{"a":…1…}}`, `depth` levels */
function chain(depth: number): unknown {
  let node: unknown = 1
  for (let i = 0; i < depth; i++) node = { a: node }
  return node
}

function render(source: string, body: string, limits: Partial<TemplateLimits> = {}, query: Record<string, string> = {}): string {
  const template = compileTemplate(source, { ...AWS_TEMPLATE_OPTIONS, limits: { maxRenderMs: 60_000, ...limits } })
  return template.render({ input: new TemplateInput(body, { path: {}, header: {}, querystring: query }), util: templateUtil })
}

describe('JSONPath deep scan: Jayway results, paid step by step', () => {
  test('a second `..` scans again below every match, as Jayway does (duplicates included)', () => {
    // Jayway's ScanPathToken evaluates the rest of the path at each match, and
    // EvaluationContextImpl.addResult keeps every result: [{"a":1}, 1, 1]
    assert.deepEqual(evaluateJsonPath({ a: { a: { a: 1 } } }, '$..a..a'), [{ a: 1 }, 1, 1])
    assert.deepEqual(evaluateJsonPath({ a: { a: { a: 1 } } }, '$..a'), [{ a: { a: 1 } }, { a: 1 }, 1])
  })
  test('matches come in document order (pre-order), arrays and objects alike', () => {
    const doc = { x: [{ id: 1, y: { id: 2 } }, { id: 3 }], id: 4 }
    assert.deepEqual(evaluateJsonPath(doc, '$..id'), [4, 1, 2, 3])
    assert.equal((evaluateJsonPath(doc, '$..*') as unknown[]).length, 8)
  })
  test('a document nested 100,000 deep is scanned without overflowing the stack', () => {
    let node: unknown = 'bottom'
    for (let i = 0; i < 100_000; i++) node = [node]
    const found = compileJsonPath('$..[0]').evaluate(node, budget()) as unknown[]
    assert.equal(found.length, 100_000)
    assert.equal(found[found.length - 1], 'bottom')
  })
  test('a wildcard over 300,000 elements returns them all', () => {
    const list = Array.from({ length: 300_000 }, (_, i) => i)
    assert.equal((compileJsonPath('$.*').evaluate(list, budget()) as unknown[]).length, 300_000)
    assert.equal((compileJsonPath('$[0:]').evaluate(list, budget()) as unknown[]).length, 300_000)
  })
  test('nodes visited and matches produced count against the work budget', () => {
    const doc = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]))
    assert.equal((compileJsonPath('$..*').evaluate(doc, budget({ maxWork: 2002 })) as unknown[]).length, 1000)
    assert.throws(() => compileJsonPath('$..*').evaluate(doc, budget({ maxWork: 1500 })), VtlLimitError)
  })
  test('nested `..` on a deep chain stops at the budget instead of growing without bound', () => {
    assert.throws(() => compileJsonPath('$..a..a..a..a..a').evaluate(chain(500), budget()), /work budget of 10000000 steps/)
  })
  test('filters pay for the paths they evaluate', () => {
    const doc = Array.from({ length: 200 }, (_, i) => ({ v: i }))
    assert.throws(() => compileJsonPath('$[?(@.v == $..v[0])]').evaluate(doc, budget({ maxWork: 10_000 })), VtlLimitError)
  })
  test('the clock is checked as work is charged: a spent deadline fails the evaluation', () => {
    const doc = Array.from({ length: 5000 }, (_, i) => i)
    assert.throws(() => compileJsonPath('$..*').evaluate(doc, budget({ maxRenderMs: 0 })), /time budget/)
  })
})

describe('JSONPath filter regexes', () => {
  test('nested unbounded repetition is refused when the path is compiled', () => {
    for (const re of ['(a+)+$', '(\\w*)*', '(a{2,})*', '((ab)*c)+']) {
      assert.throws(() => compileJsonPath(`$[?(@.s =~ /${re}/)]`), JsonPathError, re)
    }
  })
  test('ordinary regexes still match', () => {
    const doc = [{ s: 'abc' }, { s: 'xyz' }, { s: 'ABD' }]
    assert.deepEqual(evaluateJsonPath(doc, '$[?(@.s =~ /ab.*/i)]'), [{ s: 'abc' }, { s: 'ABD' }])
    assert.deepEqual(evaluateJsonPath(doc, '$[?(@.s =~ /(x+)y/)]'), [{ s: 'xyz' }])
  })
})

describe('one budget per render', () => {
  test('#foreach passes draw from it', () => {
    const source = '#foreach($i in [1..10])#foreach($j in [1..10])x#end#end'
    assert.equal(render(source, '{}', { maxWork: 200 }).length, 100)
    assert.throws(() => render(source, '{}', { maxWork: 100 }), /work budget of 100 steps/)
  })
  test('macro calls draw from it', () => {
    assert.throws(() => render('#macro(m)y#end#foreach($i in [1..50])#m()#end', '{}', { maxWork: 60 }), VtlLimitError)
  })
  test('$input.json and $input.path draw from it', () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, i])))
    assert.equal(render("$input.json('$..*').length()", body, { maxWork: 5000 }), String(JSON.stringify(Object.values(JSON.parse(body))).length))
    assert.throws(() => render("$input.json('$..*')", body, { maxWork: 800 }), VtlLimitError)
    assert.throws(() => render("#set($m = $input.path('$'))ok", body, { maxWork: 300 }), VtlLimitError)
  })
  test('the hostile dynamic path of the issue ends in a VtlLimitError', () => {
    const source = "#set($p=$input.params('p')){\"dyn\": $input.json($p)}"
    assert.throws(() => render(source, JSON.stringify(chain(500)), {}, { p: '$..a..a..a..a..a' }), VtlLimitError)
  })
  test('a render that outlives maxRenderMs fails, whatever work it has left', () => {
    assert.throws(() => render('#foreach($i in [1..1000])#foreach($j in [1..50])x#end#end', '{}', { maxRenderMs: 0, maxTotalIterations: 1_000_000, maxOutputBytes: 1e9 }), /time budget of 0 ms/)
  })
  test('each render starts with a full budget', () => {
    const template = compileTemplate('#foreach($i in [1..50])x#end', { limits: { maxWork: 60 } })
    for (let i = 0; i < 5; i++) assert.equal(template.render({}).length, 50)
  })
})

describe('strings built while rendering are held to maxOutputBytes', () => {
  const limits = { maxOutputBytes: 1000 }
  test('$s.concat($s)', () => {
    assert.throws(() => render('#set($s = "ab")#foreach($i in [1..40])#set($s = $s.concat($s))#end', '{}', limits), /string longer than 1000/)
  })
  test('$s + $s', () => {
    assert.throws(() => render('#set($s = "ab")#foreach($i in [1..40])#set($s = $s + $s)#end', '{}', limits), /string longer than 1000/)
  })
  test('$s.replace and $util functions', () => {
    assert.throws(() => render('#set($s = "aaaaaaaaaa")#foreach($i in [1..5])#set($s = $s.replace("a", "aaaaaa"))#end', '{}', limits), VtlLimitError)
    assert.throws(() => render('#set($s = "aaaaaaaaaa")#foreach($i in [1..40])#set($s = $util.base64Encode($s))#end', '{}', limits), VtlLimitError)
  })
  test('$input.json of many large matches stops at the bound', () => {
    assert.throws(() => render("#set($j = $input.json('$..*'))", JSON.stringify(chain(200)), limits), VtlLimitError)
  })
})

describe('JSON nesting', () => {
  const deep = (n: number): string => '['.repeat(n) + ']'.repeat(n)
  test('$util.parseJson refuses more than 1,000 levels; 1,000 are fine', () => {
    assert.equal(render('$util.parseJson($input.body).size()', deep(1000)), '1')
    assert.throws(() => render('$util.parseJson($input.body).size()', deep(1001)), /nested deeper than 1000/)
  })
  test('a payload nested deeper than 1,000 levels fails $input.path and $input.json', () => {
    assert.throws(() => render("$input.json('$[0]')", deep(200_000)), /nested deeper than 1000/)
    assert.throws(() => render("$input.path('$[0]')", `{"s": "[[[[", "x": ${deep(1001)}}`), /nested deeper than 1000/)
    assert.equal(render("$input.json('$.s')", `{"s": "${'['.repeat(5000)}"}`), `"${'['.repeat(5000)}"`)
  })
})

describe('process settings', () => {
  test('PORTICO_TEMPLATE_TIMEOUT_MS and PORTICO_TEMPLATE_MAX_WORK, defaults 1000 ms and 10,000,000 steps', () => {
    assert.deepEqual(templateLimitsFromEnv({}), { maxRenderMs: 1000, maxWork: 10_000_000 })
    assert.deepEqual(templateLimitsFromEnv({ PORTICO_TEMPLATE_TIMEOUT_MS: '250', PORTICO_TEMPLATE_MAX_WORK: '5000' }), { maxRenderMs: 250, maxWork: 5000 })
    assert.throws(() => templateLimitsFromEnv({ PORTICO_TEMPLATE_TIMEOUT_MS: 'soon' }), /PORTICO_TEMPLATE_TIMEOUT_MS must be a positive integer/)
    assert.throws(() => templateLimitsFromEnv({ PORTICO_TEMPLATE_MAX_WORK: '0' }), /PORTICO_TEMPLATE_MAX_WORK must be a positive integer/)
  })
})
