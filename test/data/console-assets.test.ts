/** The console's static files over a real socket: routing, headers, and the admin listener. */
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CONSOLE_CSP, loadConsoleAssets } from '../../src/data/console-assets.ts'
import { useHarness } from '../control/harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'portico-console-assets-'))
after(() => rmSync(dir, { recursive: true, force: true }))

/** A server answering with `assets`, 418 for whatever they leave alone. */
async function serve(consoleDir: string | undefined): Promise<{ url: string; server: Server }> {
  const assets = loadConsoleAssets(consoleDir)
  const server = createServer((req, res) => {
    if (!assets.handle(req, res)) res.writeHead(418).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

describe('console assets', () => {
  let url = ''
  let server: Server
  before(async () => {
    const built = join(dir, 'built')
    mkdirSync(join(built, 'assets'), { recursive: true })
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>console</title>')
    writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)')
    ;({ url, server } = await serve(built))
  })
  after(() => server.close())

  it('answers the page with no-cache and the CSP, hashed assets as immutable', async () => {
    const page = await fetch(`${url}/_portico/console/`)
    assert.equal(page.status, 200)
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(page.headers.get('cache-control'), 'no-cache')
    assert.equal(page.headers.get('content-security-policy'), CONSOLE_CSP)
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff')
    const script = await fetch(`${url}/_portico/console/assets/index-abc123.js`)
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable')
    assert.equal(await script.text(), 'console.log(1)')
  })

  it('gives the page for app routes, 404 for missing files, 405 for writes, and leaves other paths alone', async () => {
    assert.match(await (await fetch(`${url}/_portico/console/apis/abc`)).text(), /<title>console/)
    assert.equal((await fetch(`${url}/_portico/console/assets/gone.js`)).status, 404)
    const post = await fetch(`${url}/_portico/console/`, { method: 'POST', body: 'x' })
    assert.equal(post.status, 405)
    assert.equal(post.headers.get('allow'), 'GET, HEAD')
    const head = await fetch(`${url}/_portico/console/`, { method: 'HEAD' })
    assert.equal(head.status, 200)
    const bare = await fetch(`${url}/_portico/console`, { redirect: 'manual' })
    assert.equal(bare.status, 301)
    assert.equal(bare.headers.get('location'), '/_portico/console/')
    assert.equal((await fetch(`${url}/_portico/consoles`)).status, 418)
    assert.equal((await fetch(`${url}/restapis`)).status, 418)
  })

  it('says how to build it when it was not built', async () => {
    const missing = await serve(join(dir, 'nothing-here'))
    try {
      const answer = await fetch(`${missing.url}/_portico/console/`)
      assert.equal(answer.status, 404)
      assert.match(await answer.text(), /npm run build/)
    } finally {
      missing.server.close()
    }
  })
})

describe('console assets on an admin listener', () => {
  const h = useHarness({ adminPort: 0, host: '127.0.0.1' })

  it('with --admin-port, the console is on the admin listener and not on the data plane', { timeout: 30_000 }, async () => {
    const { portico } = h
    const onAdmin = await fetch(`${portico.adminUrl}/_portico/console/`)
    // 200 when dist/console was built, else the 404 that says so: either way the console's answer
    assert.equal(onAdmin.headers.get('content-security-policy'), CONSOLE_CSP)
    const onData = await fetch(`${portico.url}/_portico/console/`)
    assert.equal(onData.headers.get('content-security-policy'), null)
    assert.notEqual(onData.status, 200)
  })
})
