/**
 * The importer fuzzer's inputs, shared by test/fuzz/openapi-import.test.ts and the hang hunter
 * (bench/import-watchdog.ts): real documents (AWS's own exports and our extension fixtures)
 * mutated at random — any member replaced by any JSON value, removed, or nested thousands of
 * levels deep — and any text at all.
 */
import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import fc from 'fast-check'

const root = new URL('../../', import.meta.url)

export const FIXTURES: readonly unknown[] = [
  'test/fixtures/openapi/aws-export-lambda-swagger.json',
  'test/fixtures/openapi/aws-export-petstore-oas30.json',
  'test/fixtures/openapi/oas3-extensions.yaml',
  'test/fixtures/openapi/swagger2-extensions.json',
  'test/fixtures/e2e/shop.yaml',
  'test/fixtures/fuzz/gateway.yaml',
].map((file) => parseYaml(readFileSync(new URL(file, root), 'utf8')) as unknown)

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * The `pick`-th member or item of `value` (the document itself included) in depth-first order, as
 * a path of keys, modulo their number. Iterative, and without a path per member: values nest
 * thousands deep, and a list of every path was quadratic garbage.
 */
function pathAt(value: unknown, pick: number): (string | number)[] {
  let count = 0
  walk(value, () => void count++)
  const target = pick % count
  let index = 0
  let found: (string | number)[] = []
  walk(value, (path) => {
    if (index++ !== target) return false
    found = [...path]
    return true
  })
  return found
}

/** Depth-first over `value`, `visit` given each member's path (reused: copy it to keep it) until it returns true. */
function walk(value: unknown, visit: (path: readonly (string | number)[]) => boolean | void): void {
  const path: (string | number)[] = []
  const stack: Array<[unknown, number, string | number | undefined]> = [[value, 0, undefined]]
  while (stack.length > 0) {
    const [v, depth, key] = stack.pop()!
    path.length = depth - (key === undefined ? 0 : 1)
    if (key !== undefined) path.push(key)
    if (visit(path) === true) return
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], depth + 1, i])
    else if (v !== null && typeof v === 'object') for (const [k, item] of Object.entries(v)) stack.push([item, depth + 1, k])
  }
}

function deep(depth: number, kind: 'schema' | 'object' | 'array'): Json {
  let value: Json = kind === 'schema' ? { type: 'string' } : 1
  for (let i = 0; i < depth; i++) {
    value = kind === 'schema' ? { type: 'object', properties: { a: value } } : kind === 'object' ? { a: value } : [value]
  }
  return value
}

/**
 * What an edit puts in place of a member (undefined: remove it), made afresh for every document:
 * fast-check hands out constants, and reuses values while shrinking, as the same objects, so an
 * edit writing into a value another document held wrote into both, until two held each other:
 * a cycle the walk followed until V8 gave up (`Fatal JavaScript invalid size error`, seed
 * 1816485834) or, before pathAt, a full-suite run that sat > 10 min in this file (issue 14).
 */
type Replacement = () => Json | undefined

const replacement: fc.Arbitrary<Replacement> = fc.oneof(
  fc.constant(() => undefined), // remove the member
  (fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>).map((v) => () => structuredClone(v)),
  fc
    .constantFrom<Json>('', '#/definitions/Nope', '#/components/schemas/Item', { $ref: '#/components/schemas/Item' }, { $ref: '#/definitions/Item' }, { $ref: 'http://elsewhere/x' }, [], {}, -1, 1e308)
    .map((v) => () => structuredClone(v)),
  fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.constantFrom('schema' as const, 'object' as const, 'array' as const)).map(([d, k]) =>
    // shown in a counterexample by its depth (fast-check's printer would recurse through it)
    Object.assign(() => deep(d, k), { [fc.toStringMethod]: () => `<${k} nested ${d} deep>` }),
  ),
)

function mutate(doc: unknown, edits: Array<[number, Replacement]>): unknown {
  const copy = structuredClone(doc)
  for (const [pick, make] of edits) {
    const path = pathAt(copy, pick)
    if (path.length === 0) continue
    let parent = copy as Record<string | number, unknown>
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
    const last = path.at(-1)!
    const value = make()
    if (value === undefined) {
      if (Array.isArray(parent)) parent.splice(last as number, 1)
      else delete parent[last]
    } else parent[last] = value
  }
  return copy
}

/** A real document with one to four members replaced, removed or nested deep, as JSON text. */
export const mutatedDocument: fc.Arbitrary<string> = fc
  .tuple(fc.nat(FIXTURES.length - 1), fc.array(fc.tuple(fc.nat(), replacement), { minLength: 1, maxLength: 4 }))
  .map(([which, edits]) => JSON.stringify(mutate(FIXTURES[which], edits)))

const yamlish = fc
  .array(fc.constantFrom('openapi: 3.0.1\n', 'swagger: "2.0"\n', 'paths:\n', '  /a:\n', '    get: {}\n', '&a [*a]\n', '!!binary x\n', '- ', ': ', '{', '"', '\t', 'x-amazon-apigateway-integration: 1\n'), { maxLength: 12 })
  .map((p) => p.join(''))

/** Any text: a string, a JSON value, or YAML-ish fragments (anchors, aliases, tags). */
export const anyText: fc.Arbitrary<string> = fc.oneof(fc.string({ maxLength: 200 }), fc.json({ maxDepth: 4 }), yamlish)
