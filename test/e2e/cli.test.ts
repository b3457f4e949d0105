import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { request } from 'undici'
import { portico, porticoServe, ROOT } from '../support/cli.ts'

const dirs: string[] = []
function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'portico-cli-'))
  dirs.push(d)
  return d
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

function apiIdFrom(listing: string, name: string): string {
  const m = listing.match(new RegExp(`${name} \\(([a-z0-9]{10})\\)`))
  assert.ok(m, `no API ${name} in:\n${listing}`)
  return m[1]!
}

describe('portico CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const r = portico(['--help'])
    assert.equal(r.code, 0)
    for (const cmd of ['serve', 'import', 'export', 'ls']) assert.match(r.stdout, new RegExp(`portico ${cmd}`))
  })

  it('an unknown command exits non-zero and says what to do', () => {
    const r = portico(['frobnicate'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /unknown command 'frobnicate'/)
  })

  it('a bad --port is rejected with the rule', () => {
    const r = portico(['ls', '--port', 'eighty'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--port must be an integer/)
  })

  it('serve imports, deploys, answers, and a restart keeps everything', async () => {
    const dir = dataDir()
    const first = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir])
    const apiId = apiIdFrom(first.stdout, 'Orders')
    assert.match(first.stdout, new RegExp(`/_aws/execute-api/${apiId}/dev/`))
    const res = await fetch(`${first.url}/_aws/execute-api/${apiId}/dev/orders/o-17`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { orderId: 'o-17', stage: 'dev', greeting: '' })
    assert.equal(await first.stop(), 0)

    // no file given: the store alone brings the API back
    const second = await porticoServe(['--port', '0', '--data-dir', dir])
    assert.equal(apiIdFrom(second.stdout, 'Orders'), apiId)
    const again = await fetch(`${second.url}/_aws/execute-api/${apiId}/dev/orders/o-18`)
    assert.equal(again.status, 200)
    assert.deepEqual(await again.json(), { orderId: 'o-18', stage: 'dev', greeting: '' })
    // fetch() ignores a Host header; undici's request() sends it, as curl would for the host-style URL
    const hostStyle = await request(`${second.url}/dev/orders/o-19`, { headers: { host: `${apiId}.execute-api.localhost` } })
    assert.equal(hostStyle.statusCode, 200)
    assert.deepEqual(await hostStyle.body.json(), { orderId: 'o-19', stage: 'dev', greeting: '' })
    await second.stop()
  })

  it('serving the same file again keeps its API id and does not redeploy an unchanged file', async () => {
    const dir = dataDir()
    const a = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir])
    const id = apiIdFrom(a.stdout, 'Orders')
    const deployment = a.stdout.match(/stage dev → deployment (\w+)/)![1]
    await a.stop()
    const b = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir])
    assert.equal(apiIdFrom(b.stdout, 'Orders'), id)
    assert.equal(b.stdout.match(/stage dev → deployment (\w+)/)![1], deployment)
    await b.stop()
  })

  it('--variable sets stage variables, and changing them alone updates the stage', async () => {
    const dir = dataDir()
    const a = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir, '--variable', 'greeting=hello'])
    const id = apiIdFrom(a.stdout, 'Orders')
    const first = await fetch(`${a.url}/_aws/execute-api/${id}/dev/orders/1`)
    assert.deepEqual(await first.json(), { orderId: '1', stage: 'dev', greeting: 'hello' })
    await a.stop()
    const b = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir, '--variable', 'greeting=bonjour'])
    const second = await fetch(`${b.url}/_aws/execute-api/${id}/dev/orders/1`)
    assert.deepEqual(await second.json(), { orderId: '1', stage: 'dev', greeting: 'bonjour' })
    await b.stop()
    const bad = portico(['serve', 'test/fixtures/e2e/orders.yaml', '--data-dir', dir, '--variable', 'no-equals-sign'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /--variable takes name=value/)
  })

  it('an invalid file is refused with every problem listed, and nothing is written', () => {
    const dir = dataDir()
    const r = portico(['import', 'test/fixtures/e2e/broken.yaml', '--data-dir', dir])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /invalid API definition/)
    assert.match(r.stderr, /\/paths\/~1a\/fetch/)
    assert.match(r.stderr, /\/paths\/~1b\/get\/x-amazon-apigateway-integration\/type/)
    const ls = portico(['ls', '--data-dir', dir])
    assert.equal(ls.code, 0)
    assert.match(ls.stdout, /No REST APIs yet/)
  })

  it('a missing file is an error that names the path', () => {
    const r = portico(['import', 'nope/missing.yaml', '--data-dir', dataDir()])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /missing\.yaml/)
  })

  it('import then export round-trips through the store', () => {
    const dir = dataDir()
    const imported = portico(['import', 'test/fixtures/e2e/orders.yaml', '--data-dir', dir, '--stage', 'prod'])
    assert.equal(imported.code, 0, imported.stderr)
    const id = imported.stdout.match(/as ([a-z0-9]{10})/)![1]!
    const unknownStage = portico(['export', id, '--stage', 'nope', '--data-dir', dir])
    assert.equal(unknownStage.code, 1)
    assert.match(unknownStage.stderr, /no stage 'nope'/)
    const ok = portico(['export', id, '--stage', 'prod', '--format', 'oas30', '--data-dir', dir])
    assert.equal(ok.code, 0, ok.stderr)
    const doc = JSON.parse(ok.stdout)
    assert.equal(doc.openapi.startsWith('3.0'), true)
    assert.ok(doc.paths['/orders/{orderId}'].get['x-amazon-apigateway-integration'])
    const swagger = portico(['export', id, '--stage', 'prod', '--format', 'swagger', '--yaml', '--data-dir', dir])
    assert.equal(swagger.code, 0, swagger.stderr)
    assert.match(swagger.stdout, /^swagger: "?2\.0"?/m)
  })

  it('bin/portico.js runs the built CLI (what `npx portico` runs)', () => {
    if (!existsSync(join(ROOT, 'dist/cli/run.js'))) {
      const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
      assert.equal(build.status, 0, build.stderr + build.stdout)
    }
    const r = spawnSync(process.execPath, ['bin/portico.js', '--help'], { cwd: ROOT, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /portico serve/)
  })
})
