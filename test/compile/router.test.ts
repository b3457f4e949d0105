import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRouterBuilder, splitRawPath } from '../../src/compile/router.ts'
import { CompileError } from '../../src/compile/compile-error.ts'

function build(routes: Record<string, string[]>) {
  const builder = createRouterBuilder<string>()
  for (const [path, verbs] of Object.entries(routes)) for (const verb of verbs) builder.add(path, verb, `${verb} ${path}`)
  return builder.build()
}

const full = build({
  '/': ['GET'],
  '/pets': ['GET', 'POST'],
  '/pets/{id}': ['GET', 'DELETE'],
  '/pets/dog': ['GET'],
  '/pets/dog/{proxy+}': ['GET'],
  '/pets/{id}/toys': ['GET'],
  '/files/{path+}': ['ANY'],
  '/things': ['GET', 'ANY'],
  '/a/{x}/b/{y}': ['GET'],
  '/{proxy+}': ['ANY'],
})

const strict = build({
  '/pets': ['GET'],
  '/pets/{id}': ['GET'],
})

// [router, verb, raw path, expected value or undefined, expected params]
type Row = [ReturnType<typeof build>, string, string, string | undefined, Record<string, string>?]
const rows: Row[] = [
  // root
  [full, 'GET', '/', 'GET /', {}],
  [full, 'GET', '', 'GET /', {}],
  [full, 'POST', '/', undefined], // root greedy never matches an empty remainder
  [strict, 'GET', '/', undefined],
  // literal, trailing slashes
  [full, 'GET', '/pets', 'GET /pets', {}],
  [full, 'GET', '/pets/', 'GET /pets', {}],
  [full, 'GET', '/pets//', 'GET /pets', {}],
  [full, 'POST', '/pets', 'POST /pets', {}],
  // verb missing on the literal resource: backtrack to the greedy sibling at the root
  [full, 'PUT', '/pets', 'ANY /{proxy+}', { proxy: 'pets' }],
  [strict, 'POST', '/pets', undefined],
  // HEAD never falls back to GET
  [strict, 'HEAD', '/pets', undefined],
  [full, 'HEAD', '/pets', 'ANY /{proxy+}', { proxy: 'pets' }],
  // literal > {param}
  [full, 'GET', '/pets/dog', 'GET /pets/dog', {}],
  [full, 'GET', '/pets/dog/', 'GET /pets/dog', {}],
  [full, 'DELETE', '/pets/dog', 'DELETE /pets/{id}', { id: 'dog' }],
  [full, 'GET', '/pets/42', 'GET /pets/{id}', { id: '42' }],
  [full, 'GET', '/pets/42/', 'GET /pets/{id}', { id: '42' }],
  [full, 'GET', '/pets/42/toys', 'GET /pets/{id}/toys', { id: '42' }],
  // literal subtree with a greedy child beats the {param} subtree
  [full, 'GET', '/pets/dog/toys', 'GET /pets/dog/{proxy+}', { proxy: 'toys' }],
  [full, 'GET', '/pets/dog/a/b', 'GET /pets/dog/{proxy+}', { proxy: 'a/b' }],
  [full, 'POST', '/pets/dog/toys', 'ANY /{proxy+}', { proxy: 'pets/dog/toys' }],
  // {param} never matches an empty segment
  [strict, 'GET', '/pets//x', undefined],
  [strict, 'GET', '/pets/42/extra', undefined],
  [strict, 'GET', '/nothing', undefined],
  // percent-decoding: an encoded slash stays inside its parameter
  [full, 'GET', '/pets/a%2Fb', 'GET /pets/{id}', { id: 'a/b' }],
  [full, 'GET', '/pets/a%2Fb/toys', 'GET /pets/{id}/toys', { id: 'a/b' }],
  [full, 'GET', '/pets/%E2%9C%93', 'GET /pets/{id}', { id: '✓' }],
  [full, 'GET', '/pets/a+b', 'GET /pets/{id}', { id: 'a+b' }],
  [full, 'GET', '/pets/bad%ZZ', 'GET /pets/{id}', { id: 'bad%ZZ' }],
  [full, 'GET', '/pets/%FF', 'GET /pets/{id}', { id: '%FF' }],
  [full, 'GET', '/%70ets', 'GET /pets', {}],
  // greedy: one or more segments, remainder without a leading slash
  [full, 'GET', '/files', 'ANY /{proxy+}', { proxy: 'files' }],
  [full, 'GET', '/files/', 'ANY /{proxy+}', { proxy: 'files' }],
  [full, 'GET', '/files/a', 'ANY /files/{path+}', { path: 'a' }],
  [full, 'PATCH', '/files/a/b/c', 'ANY /files/{path+}', { path: 'a/b/c' }],
  [full, 'GET', '/files/a/b/c/', 'ANY /files/{path+}', { path: 'a/b/c' }],
  [full, 'GET', '/files/a%2Fb', 'ANY /files/{path+}', { path: 'a/b' }],
  [full, 'GET', '/x/y/z/1/2/3/4/5/6/7/8/9', 'ANY /{proxy+}', { proxy: 'x/y/z/1/2/3/4/5/6/7/8/9' }],
  // exact verb > ANY on the same resource
  [full, 'GET', '/things', 'GET /things', {}],
  [full, 'PATCH', '/things', 'ANY /things', {}],
  [full, 'HEAD', '/things', 'ANY /things', {}],
  // several parameters
  [full, 'GET', '/a/1/b/2', 'GET /a/{x}/b/{y}', { x: '1', y: '2' }],
  [full, 'GET', '/a/1/c/2', 'ANY /{proxy+}', { proxy: 'a/1/c/2' }],
  // leading slashes collapse, as AWS routes them (LocalStack's AWS-recorded
  // test_lambda_aws_proxy_integration, invocation-payload-with-prepended-slash)
  [full, 'GET', '//pets', 'GET /pets', {}],
  // dot segments never route
  [full, 'GET', '/pets/..', undefined],
  [full, 'GET', '/pets/%2e%2e', undefined],
  [full, 'GET', '/pets/%2E', undefined],
  [full, 'GET', '/../pets', undefined],
  [full, 'GET', '/pets/./42', undefined],
]

for (const [router, verb, path, expected, params] of rows) {
  test(`${verb} ${JSON.stringify(path)} → ${expected ?? 'no match'}`, () => {
    const found = router.match(verb, path)
    assert.equal(found?.value, expected)
    if (expected !== undefined) assert.deepEqual(found!.pathParameters, params)
  })
}

test('the matched verb is reported (ANY when the fallback answered)', () => {
  assert.equal(full.match('PATCH', '/things')?.httpMethod, 'ANY')
  assert.equal(full.match('GET', '/things')?.httpMethod, 'GET')
})

test('splitRawPath decodes per segment and drops trailing slashes', () => {
  assert.deepEqual(splitRawPath('/a%2Fb/c/'), ['a/b', 'c'])
  assert.deepEqual(splitRawPath(''), [])
  assert.equal(splitRawPath('/a/%2e%2E'), undefined)
})

test('configurations AWS refuses are compile errors naming the path', () => {
  const siblings = createRouterBuilder<string>()
  siblings.add('/pets/{id}', 'GET', 'a')
  assert.throws(() => siblings.add('/pets/{name}', 'GET', 'b'), (e: Error) => e instanceof CompileError && /\/pets\/\{name\}.*only one is allowed/.test(e.message))
  assert.throws(() => siblings.add('/pets/{proxy+}', 'GET', 'c'), CompileError)
  const greedy = createRouterBuilder<string>()
  assert.throws(() => greedy.add('/{proxy+}/x', 'GET', 'a'), /must be the last segment/)
  const twice = createRouterBuilder<string>()
  twice.add('/a', 'GET', 'a')
  assert.throws(() => twice.add('/a', 'GET', 'b'), /GET \/a: defined twice/)
})
