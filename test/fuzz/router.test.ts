/**
 * The REST router against a brute-force reference: for any set of resources and any raw path,
 * the trie's answer (with its backtracking) is the most specific matching resource that has the
 * verb or ANY — literal beats {param} beats {proxy+}, segment by segment from the left — and
 * building or matching never throws anything but a CompileError.
 */
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createRouterBuilder, splitRawPath } from '../../src/compile/router.ts'
import { CompileError } from '../../src/compile/compile-error.ts'
import { fuzzParameters } from './runs.ts'

type Kind = 0 | 1 | 2 // greedy < param < literal

interface Resource {
  path: string
  methods: string[]
}

const LITERALS = ['a', 'b', 'pets', 'é', 'a b', '%2F', 'x.y']
const VERBS = ['GET', 'POST', 'ANY']

/** Template paths whose variables are named by depth, so siblings never disagree on a name. */
const templatePath = fc
  .tuple(fc.array(fc.oneof(fc.constantFrom(...LITERALS), fc.constant('{param}')), { maxLength: 4 }), fc.boolean())
  .map(([parts, greedy]) => {
    const named = parts.map((p, i) => (p === '{param}' ? `{p${i}}` : p))
    return '/' + [...named, ...(greedy ? ['{proxy+}'] : [])].join('/')
  })
const resources = fc.uniqueArray(
  fc.record({ path: templatePath, methods: fc.uniqueArray(fc.constantFrom(...VERBS), { minLength: 1 }) }),
  { selector: (r) => r.path, maxLength: 12 },
)
const rawSegment = fc.oneof(fc.constantFrom(...LITERALS.map(encodeURIComponent), 'a', 'b', '', '.', '..', '%2e', '%zz', '%2F'), fc.stringMatching(/^[a-z0-9%]{1,4}$/))
const rawPath = fc.array(rawSegment, { maxLength: 6 }).map((s) => '/' + s.join('/'))

function kinds(path: string): { kinds: Kind[]; parts: string[] } {
  const parts = path.split('/').filter((p) => p !== '')
  return { parts, kinds: parts.map((p) => (p.endsWith('+}') ? 0 : p.startsWith('{') ? 1 : 2)) }
}

/** Does `template` match `segments`? Returns its parameters. */
function matchTemplate(template: string, segments: string[]): Record<string, string> | undefined {
  const { parts } = kinds(template)
  const params: Record<string, string> = {}
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!
    if (part.endsWith('+}')) {
      const rest = segments.slice(i)
      if (rest.length === 0 || rest[0] === '') return undefined
      params[part.slice(1, -2)] = rest.join('/')
      return params
    }
    const segment = segments[i]
    if (segment === undefined || segment === '') return undefined
    if (part.startsWith('{')) params[part.slice(1, -1)] = segment
    else if (part !== segment) return undefined
  }
  return parts.length === segments.length ? params : undefined
}

function moreSpecific(a: Kind[], b: Kind[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! > b[i]!
  return a.length > b.length
}

function reference(all: Resource[], verb: string, raw: string): { path: string; httpMethod: string; params: Record<string, string> } | undefined {
  const segments = splitRawPath(raw)
  if (!segments) return undefined
  let best: { path: string; httpMethod: string; params: Record<string, string>; kinds: Kind[] } | undefined
  for (const r of all) {
    const httpMethod = r.methods.includes(verb) ? verb : r.methods.includes('ANY') ? 'ANY' : undefined
    if (!httpMethod) continue
    const params = matchTemplate(r.path, segments)
    if (!params) continue
    const k = kinds(r.path).kinds
    if (!best || moreSpecific(k, best.kinds)) best = { path: r.path, httpMethod, params, kinds: k }
  }
  return best && { path: best.path, httpMethod: best.httpMethod, params: best.params }
}

describe('fuzz: router', () => {
  test('matches what a brute-force reference picks, for any resources and raw path', () => {
    fc.assert(
      fc.property(resources, fc.constantFrom('GET', 'POST', 'DELETE'), fc.array(rawPath, { minLength: 1, maxLength: 8 }), (all, verb, paths) => {
        const builder = createRouterBuilder<string>()
        // a {param} beside a {proxy+} is refused (as AWS does): such a resource is not served
        const served = all.filter((r) => {
          try {
            for (const m of r.methods) builder.add(r.path, m, r.path)
            return true
          } catch (error) {
            assert.ok(error instanceof CompileError && /sibling/.test(error.message), String(error))
            return false
          }
        })
        const router = builder.build()
        for (const raw of paths) {
          const got = router.match(verb, raw)
          const want = reference(served, verb, raw)
          assert.deepEqual(got && { path: got.value, httpMethod: got.httpMethod, params: got.pathParameters }, want, `${verb} ${raw}`)
        }
      }),
      fuzzParameters(300),
    )
  })

  test('any template text either builds or is refused with a CompileError; any path matches or not', () => {
    const anyTemplate = fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{a}', '{b}', '{a+}', '{b+}', '{}', '{+}', '{')), { maxLength: 5 }).map((p) => '/' + p.join('/'))
    fc.assert(
      fc.property(fc.array(fc.tuple(anyTemplate, fc.constantFrom(...VERBS)), { maxLength: 10 }), fc.string({ maxLength: 40 }), (adds, raw) => {
        const builder = createRouterBuilder<number>()
        adds.forEach(([path, verb], i) => {
          try {
            builder.add(path, verb, i)
          } catch (error) {
            assert.ok(error instanceof CompileError, `add(${JSON.stringify(path)}) threw ${String(error)}`)
          }
        })
        const found = builder.build().match('GET', raw)
        if (found) for (const value of Object.values(found.pathParameters)) assert.equal(typeof value, 'string')
      }),
      fuzzParameters(1000),
    )
  })
})
