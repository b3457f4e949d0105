/**
 * The CLI a user runs is dist/portico.cjs, one file bundled from the compiled modules
 * (scripts/bundle-cli.mjs). The other CLI tests run the TypeScript sources; this one runs the
 * bundle through bin/portico.js, with what a bundler could break: a Lambda function's worker (its
 * source text is taken from a function in the bundle), the lazily loaded packages (YAML, undici for
 * HTTP integrations, ajv for a validated body) and the console's files found beside the bundle.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { BUNDLED_ENTRY, ROOT, usePorticoServe } from '../support/cli.ts'
import { closeServer } from '../support/close-server.ts'

const API = (upstreamPort: number): string => `openapi: 3.0.1
info: { title: bundled, version: '1' }
paths:
  /hello:
    post:
      requestBody: { content: { application/json: { schema: { $ref: '#/components/schemas/Hello' } } } }
      x-amazon-apigateway-request-validator: body
      responses: { '200': { description: ok } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:hello/invocations
  /upstream:
    get:
      responses: { '200': { description: ok } }
      x-amazon-apigateway-integration: { type: http_proxy, httpMethod: GET, uri: 'http://127.0.0.1:${upstreamPort}/pets' }
x-amazon-apigateway-request-validators:
  body: { validateRequestBody: true, validateRequestParameters: false }
components:
  schemas:
    Hello: { type: object, required: [name], properties: { name: { type: string } } }
`

describe('the bundled CLI (bin/portico.js → dist/portico.cjs)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-bundle-'))
  let upstream: Server
  let base: string

  const server = usePorticoServe([join(dir, 'api.yaml'), '--port', '0', '--data-dir', join(dir, 'data')], { PORTICO_CONFIG: join(dir, 'portico.config.json') }, {
    entry: BUNDLED_ENTRY,
    prepare: async () => {
      const bundle = join(ROOT, 'dist/portico.cjs')
      assert.ok(statSync(bundle, { throwIfNoEntry: false }), 'the CLI is not bundled: run `npm run build`')
      // older than the compiled modules it is made of: a `tsc` without the bundle step
      assert.ok(statSync(bundle).mtimeMs >= statSync(join(ROOT, 'dist/cli/run.js')).mtimeMs, 'dist/portico.cjs is older than dist/: run `npm run build`')
      upstream = createServer((req, res) => res.end(JSON.stringify({ path: req.url })))
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
      writeFileSync(join(dir, 'hello.mjs'), 'export const handler = async (event) => ({ statusCode: 200, body: `hello ${JSON.parse(event.body).name}` })\n')
      writeFileSync(join(dir, 'portico.config.json'), JSON.stringify({ functions: { hello: { handler: join(dir, 'hello.handler') } } }))
      writeFileSync(join(dir, 'api.yaml'), API((upstream.address() as AddressInfo).port))
      return async () => {
        await closeServer(upstream)
        rmSync(dir, { recursive: true, force: true })
      }
    },
    setup: (started) => {
      const invoke = started.stdout.match(/(http:\/\/\S+\/_aws\/execute-api\/\w+\/\w+)\//)
      assert.ok(invoke, started.stdout)
      base = invoke[1]!
    },
  })

  it('runs a Lambda function behind a validated method', async () => {
    const ok = await fetch(`${base}/hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"bundle"}' })
    assert.equal(ok.status, 200)
    assert.equal(await ok.text(), 'hello bundle')
    const invalid = await fetch(`${base}/hello`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    assert.equal(invalid.status, 400)
    assert.deepEqual(await invalid.json(), { message: 'Invalid request body' })
  })

  it('proxies to an HTTP backend', async () => {
    const res = await fetch(`${base}/upstream`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { path: '/pets' })
  })

  it('serves the web console from beside the bundle', async () => {
    const res = await fetch(`${server.url}/_portico/console/`)
    assert.equal(res.status, 200)
    assert.match(await res.text(), /<div id="root">/)
  })
})
