/**
 * `$input.json(p)` / `$input.path(p)` where both the path and the body come from the request:
 * any path text over any JSON body (wide, deep, nested `..`, filters with hostile regexes)
 * yields a value or refuses with a JsonPathError or a VtlRuntimeError (the render's budget),
 * and never spends more than the render's budget allows.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { TemplateInput } from '../../src/vtl/aws/index.ts'
import { JsonPathError } from '../../src/vtl/aws/json-path.ts'
import { VtlRuntimeError } from '../../src/vtl/index.ts'
import { RenderBudget, runWithBudget } from '../../src/vtl/render-budget.ts'
import { DEFAULT_LIMITS } from '../../src/vtl/limits.ts'
import { fakeRequestContext } from '../vtl/aws-request-context.ts'
import { counted, fuzzParameters } from './runs.ts'

/** a small budget, so that runaway evaluations are cut short quickly in every run */
const LIMITS = { ...DEFAULT_LIMITS, maxWork: 200_000, maxRenderMs: 1000 }

const piece = fc.constantFrom(
  '$', '@', '.', '..', '.a', '.b', '.*', '..*', '..a', '[*]', '[0]', '[-1]', '[1:]', '[:2]', '[0,1]', "['a','b']", '["a"]',
  '[?(@.a)]', '[?(@.a == 1)]', '[?(@.s =~ /(a+)+$/)]', '[?(@.s =~ /a.*b/i)]', '[?(!@.b || $.a)]', '[?(@.n > 1 && @.n < 5)]',
  '.length()', '[(@.x)]', '[', ']', '(', ')', "'", '"', ' ', '?', '=~', '/',
)
const path = fc.oneof(fc.array(piece, { minLength: 1, maxLength: 10 }).map((p) => p.join('')), fc.string({ maxLength: 20 }))

function nested(depth: number, width: number): unknown {
  let value: unknown = { a: 1, s: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab', n: 3 }
  for (let i = 0; i < depth; i++) {
    const level: Record<string, unknown> = { a: value }
    for (let w = 1; w < width; w++) level[`k${w}`] = { a: w, b: [w] }
    value = level
  }
  return value
}
const body = fc.oneof(
  fc.json({ maxDepth: 5 }),
  fc.tuple(fc.integer({ min: 1, max: 800 }), fc.integer({ min: 1, max: 4 })).map(([d, w]) =>
    Object.assign(new String(JSON.stringify(nested(d, w))), { [fc.toStringMethod]: () => `<nested ${d} deep, ${w} wide>` }),
  ),
  fc.integer({ min: 1, max: 5000 }).map((n) =>
    Object.assign(new String(JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, { a: i }])))), { [fc.toStringMethod]: () => `<${n} keys>` }),
  ),
)

describe('fuzz: JSONPath in mapping templates', () => {
  test('any path over any body answers or refuses with the engine’s errors, within the render budget', () => {
    fc.assert(
      fc.property(path, body, fc.boolean(), counted((p, b, asJson) => {
        const text = String(b)
        const input = TemplateInput.fromRequest(fakeRequestContext({ body: text }), text)
        const budget = new RenderBudget(LIMITS)
        try {
          const out = runWithBudget(budget, () => (asJson ? input.json(p) : input.path(p)))
          if (asJson) assert.equal(typeof out, 'string')
        } catch (error) {
          assert.ok(error instanceof JsonPathError || error instanceof VtlRuntimeError, `${JSON.stringify(p)} threw ${String(error)}`)
        }
      })),
      fuzzParameters(400),
    )
  })
})
