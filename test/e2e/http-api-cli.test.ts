import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { BUNDLED_ENTRY, portico, porticoServe, ROOT } from '../support/cli.ts'

/**
 * `portico serve` and `portico import` with HTTP API documents, through the built CLI
 * (`node bin/portico.js`, what `npx portico` runs): the document says which kind of API it is
 * (or `--protocol`), an HTTP API is served on its `$default` stage at the root unless `--stage`
 * names one, and `portico ls` lists it.
 */

const HTTP_DOC = 'test/fixtures/e2e/pets-http-api.yaml'
const PLAIN_DOC = 'test/fixtures/e2e/plain-proxy.yaml'
const dirs: string[] = []
let upstream: Server
let upstreamHost: string

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'portico-http-cli-'))
  dirs.push(d)
  return d
}

before(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/run.js'))) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
    assert.equal(build.status, 0, build.stderr + build.stdout)
  }
  // the backend: says which path and method reached it
  upstream = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ method: req.method, url: req.url }))
  })
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve))
  upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`
})
after(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }))
  await new Promise((resolve) => upstream.close(resolve))
})

const serve = (args: string[]) => porticoServe(args, {}, BUNDLED_ENTRY)
const run = (args: string[]) => portico(args, {}, BUNDLED_ENTRY)

function httpApiFrom(listing: string, name: string): string {
  const m = listing.match(new RegExp(`${name} \\(([a-z0-9]{10}), HTTP API\\)`))
  assert.ok(m, `no HTTP API ${name} in:\n${listing}`)
  return m[1]!
}

describe('portico serve / import with an HTTP API document', () => {
  it('serve makes an HTTP API on the $default stage, answering at the root; a restart keeps its id and deployment', async () => {
    const dir = dataDir()
    const first = await serve([HTTP_DOC, '--port', '0', '--data-dir', dir, '--variable', `upstream=${upstreamHost}`])
    try {
      const apiId = httpApiFrom(first.stdout, 'Pets HTTP')
      const deployment = first.stdout.match(/stage \$default → deployment (\w+)/)?.[1]
      assert.ok(deployment, first.stdout)
      // the listing's URL has no stage segment
      assert.match(first.stdout, new RegExp(`/_aws/execute-api/${apiId}/\\n`))
      const pet = await fetch(`${first.url}/_aws/execute-api/${apiId}/pets/7`)
      assert.equal(pet.status, 200)
      assert.deepEqual(await pet.json(), { method: 'GET', url: '/pets/7' })
      assert.ok(pet.headers.get('apigw-requestid'), 'an HTTP API answer carries apigw-requestid')
      // the $default route: the request's path is appended to the HTTP_PROXY URL
      const other = await fetch(`${first.url}/_aws/execute-api/${apiId}/anything`, { method: 'POST', body: 'x' })
      assert.deepEqual(await other.json(), { method: 'POST', url: '/fallback/anything' })
      assert.equal(await first.stop(), 0)

      const second = await serve([HTTP_DOC, '--port', '0', '--data-dir', dir, '--variable', `upstream=${upstreamHost}`])
      try {
        assert.equal(httpApiFrom(second.stdout, 'Pets HTTP'), apiId)
        assert.equal(second.stdout.match(/stage \$default → deployment (\w+)/)?.[1], deployment, 'an unchanged file is not redeployed')
        assert.equal((await fetch(`${second.url}/_aws/execute-api/${apiId}/pets/8`)).status, 200)
      } finally {
        await second.stop()
      }
    } finally {
      await first.stop()
    }
  })

  it('--stage names the HTTP API stage: served under /{stage}', async () => {
    const server = await serve([HTTP_DOC, '--port', '0', '--data-dir', dataDir(), '--stage', 'prod', '--variable', `upstream=${upstreamHost}`])
    try {
      const apiId = httpApiFrom(server.stdout, 'Pets HTTP')
      assert.match(server.stdout, /stage prod → deployment \w+/)
      const pet = await fetch(`${server.url}/_aws/execute-api/${apiId}/prod/pets/3`)
      assert.deepEqual(await pet.json(), { method: 'GET', url: '/pets/3' })
    } finally {
      await server.stop()
    }
  })

  it('a plain OpenAPI 3 document is a REST API; --protocol http sends it to ImportApi; another --protocol is refused', async () => {
    const rest = await serve([PLAIN_DOC, '--port', '0', '--data-dir', dataDir(), '--variable', `upstream=${upstreamHost}`])
    try {
      const apiId = rest.stdout.match(/Plain proxy \(([a-z0-9]{10})\)\n {2}stage dev → /)?.[1]
      assert.ok(apiId, rest.stdout)
      assert.deepEqual(await (await fetch(`${rest.url}/_aws/execute-api/${apiId}/dev/pets`)).json(), { method: 'GET', url: '/pets' })
    } finally {
      await rest.stop()
    }
    // apigatewayv2 reads it: an HTTP API integration must say its payloadFormatVersion
    const http = run(['serve', PLAIN_DOC, '--protocol', 'http', '--port', '0', '--data-dir', dataDir()])
    assert.equal(http.code, 1)
    assert.match(http.stderr, /BadRequestException: \S*plain-proxy\.yaml: A payloadFormatVersion is required for HTTP APIs/)
    const bad = run(['serve', PLAIN_DOC, '--protocol', 'websocket', '--data-dir', dataDir()])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /--protocol must be rest or http, got "websocket"/)
  })

  it('import makes an HTTP API with an auto-deploy $default stage; ls lists it', async () => {
    const dir = dataDir()
    const server = await serve(['--port', '0', '--data-dir', dir])
    try {
      const imported = run(['import', HTTP_DOC, '--data-dir', dir, '--endpoint-url', server.url])
      assert.equal(imported.code, 0, imported.stderr)
      const m = imported.stdout.match(/^Imported Pets HTTP as HTTP API ([a-z0-9]{10}), deployed to stage \$default \(auto-deploy\)$/m)
      assert.ok(m, imported.stdout)
      const apiId = m[1]!
      assert.match(imported.stdout, new RegExp(`^ {2}${server.url.replace('127.0.0.1', 'localhost')}/_aws/execute-api/${apiId}/$`, 'm'))
      // no stage variable: the backend URL has an empty host, so the gateway answers itself
      const answer = await fetch(`${server.url}/_aws/execute-api/${apiId}/pets/1`)
      assert.ok(answer.headers.get('apigw-requestid'))
      const ls = run(['ls', '--data-dir', dir, '--endpoint-url', server.url])
      assert.equal(ls.code, 0, ls.stderr)
      assert.equal(httpApiFrom(ls.stdout, 'Pets HTTP'), apiId)
      assert.match(ls.stdout, /stage \$default → deployment \w+/)
    } finally {
      await server.stop()
    }
  })

  it('an HTTP API document the server refuses stops serve and leaves no API behind', async () => {
    const dir = dataDir()
    const scratch = dataDir()
    const bad = join(scratch, 'bad-http.yaml')
    // a route key AWS refuses: a method HTTP APIs do not have
    const { writeFileSync } = await import('node:fs')
    writeFileSync(bad, `openapi: 3.0.1\ninfo: {title: Bad, version: '1'}\nx-amazon-apigateway-importexport-version: '1.0'\npaths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: {type: bogus_type, uri: 'http://example.com', payloadFormatVersion: '1.0'}\n`)
    const r = run(['serve', bad, '--port', '0', '--data-dir', dir])
    assert.equal(r.code, 1, r.stdout + r.stderr)
    assert.match(r.stderr, /BadRequestException: \S*bad-http\.yaml: /)
    const server = await serve(['--port', '0', '--data-dir', dir])
    try {
      assert.match(server.stdout, /No REST or HTTP APIs yet/)
    } finally {
      await server.stop()
    }
  })
})
