import { describe, it, after } from 'node:test'
import { closedPort } from '../support/closed-port.ts'
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

/** a port nothing listens on (just released by the OS) */

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

  it('an invalid file is refused by the server with every problem listed, and nothing is written', async () => {
    const dir = dataDir()
    const server = await porticoServe(['--port', '0', '--data-dir', dir])
    try {
      const r = portico(['import', 'test/fixtures/e2e/broken.yaml', '--data-dir', dir, '--endpoint-url', server.url])
      assert.equal(r.code, 1)
      assert.match(r.stderr, /^portico: BadRequestException: test\/fixtures\/e2e\/broken\.yaml: Errors found during import:$/m)
      assert.match(r.stderr, /^ {2}.*\(at \/paths\/~1a\/fetch\)$/m)
      assert.match(r.stderr, /^ {2}.*\(at \/paths\/~1b\/get\/x-amazon-apigateway-integration\/type\)$/m)
      const ls = portico(['ls', '--data-dir', dir, '--endpoint-url', server.url])
      assert.equal(ls.code, 0, ls.stderr)
      assert.match(ls.stdout, /No REST or HTTP APIs yet/)
    } finally {
      await server.stop()
    }
  })

  it('serve with an invalid file stops with the problems listed and leaves no API behind', async () => {
    const dir = dataDir()
    const r = portico(['serve', 'test/fixtures/e2e/broken.yaml', '--port', '0', '--data-dir', dir])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /BadRequestException: \S*broken\.yaml: Errors found during import/)
    assert.match(r.stderr, /\(at \/paths\/~1a\/fetch\)/)
    const server = await porticoServe(['--port', '0', '--data-dir', dir])
    assert.match(server.stdout, /No REST or HTTP APIs yet/)
    await server.stop()
  })

  it('a missing file is an error that names the path', () => {
    const r = portico(['import', 'nope/missing.yaml', '--data-dir', dataDir()])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /missing\.yaml/)
  })

  it('import, export and ls against no running server say so, and how to start one', async () => {
    const port = await closedPort()
    const viaPort = portico(['import', 'test/fixtures/e2e/orders.yaml', '--port', String(port), '--data-dir', dataDir()])
    assert.equal(viaPort.code, 1)
    assert.equal(viaPort.stderr, `portico: no Portico answering at http://localhost:${port} — start one with \`portico serve\`, or pass --endpoint-url\n`)
    const viaEnv = portico(['ls'], { PORTICO_ENDPOINT: `http://127.0.0.1:${port}` })
    assert.equal(viaEnv.code, 1)
    assert.match(viaEnv.stderr, new RegExp(`no Portico answering at http://127\\.0\\.0\\.1:${port} `))
    const badUrl = portico(['ls', '--endpoint-url', 'not a url'])
    assert.equal(badUrl.code, 2)
    assert.match(badUrl.stderr, /--endpoint-url must be a URL/)
  })

  it('wrong credentials get the server 403 back, with where the key came from', async () => {
    const dir = dataDir()
    const server = await porticoServe(['--port', '0', '--data-dir', dir])
    try {
      const r = portico(['import', 'test/fixtures/e2e/orders.yaml', '--data-dir', dir, '--endpoint-url', server.url], {
        AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1',
        AWS_SECRET_ACCESS_KEY: 'not-the-secret',
      })
      assert.equal(r.code, 1)
      assert.match(r.stderr, /^portico: UnrecognizedClientException: The security token included in the request is invalid\.$/m)
      assert.match(r.stderr, /signed with the key AKIAWRONGWRONGWRONG1 from AWS_ACCESS_KEY_ID/)
      const noKey = portico(['ls', '--data-dir', dataDir(), '--endpoint-url', server.url])
      assert.equal(noKey.code, 1)
      assert.match(noKey.stderr, /MissingAuthenticationTokenException/)
      assert.match(noKey.stderr, /no credentials to sign with/)
      // PORTICO_ADMIN_* names the pair on both sides; AWS_* wins over it
      const admin = { PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAPORTICOADMIN0001', PORTICO_ADMIN_SECRET_ACCESS_KEY: 'chosen-secret' }
      const chosen = await porticoServe(['--port', '0', '--data-dir', dataDir()], admin)
      try {
        const ok = portico(['ls', '--data-dir', dataDir(), '--endpoint-url', chosen.url], admin)
        assert.equal(ok.code, 0, ok.stderr)
        const aws = portico(['ls', '--endpoint-url', chosen.url], { ...admin, AWS_ACCESS_KEY_ID: 'AKIAREALAWSKEY000001', AWS_SECRET_ACCESS_KEY: 'real' })
        assert.equal(aws.code, 1)
        assert.match(aws.stderr, /UnrecognizedClientException[\s\S]*AKIAREALAWSKEY000001 from AWS_ACCESS_KEY_ID/)
      } finally {
        await chosen.stop()
      }
    } finally {
      await server.stop()
    }
  })

  it('import then export round-trips through the management API', async () => {
    const dir = dataDir()
    const server = await porticoServe(['--port', '0', '--data-dir', dir])
    try {
      const at = ['--data-dir', dir, '--endpoint-url', server.url]
      const imported = portico(['import', 'test/fixtures/e2e/orders.yaml', ...at, '--stage', 'prod'])
      assert.equal(imported.code, 0, imported.stderr)
      const id = imported.stdout.match(/as ([a-z0-9]{10})/)![1]!
      assert.match(imported.stdout, new RegExp(`/_aws/execute-api/${id}/prod/`))
      const served = await fetch(`${server.url}/_aws/execute-api/${id}/prod/orders/o-1`)
      assert.equal(served.status, 200)
      const ls = portico(['ls', ...at])
      assert.equal(ls.code, 0, ls.stderr)
      assert.equal(apiIdFrom(ls.stdout, 'Orders'), id)
      assert.match(ls.stdout, new RegExp(`stage prod → deployment \\w+\\n {4}${server.url.replace('127.0.0.1', 'localhost')}/_aws/execute-api/${id}/prod/`))
      const unknownStage = portico(['export', id, '--stage', 'nope', ...at])
      assert.equal(unknownStage.code, 1)
      assert.match(unknownStage.stderr, /^portico: NotFoundException: Invalid Stage identifier specified$/m)
      const ok = portico(['export', id, '--stage', 'prod', '--format', 'oas30', ...at])
      assert.equal(ok.code, 0, ok.stderr)
      const doc = JSON.parse(ok.stdout)
      assert.equal(doc.openapi.startsWith('3.0'), true)
      assert.ok(doc.paths['/orders/{orderId}'].get['x-amazon-apigateway-integration'])
      const swagger = portico(['export', id, '--stage', 'prod', '--format', 'swagger', '--yaml', ...at])
      assert.equal(swagger.code, 0, swagger.stderr)
      assert.match(swagger.stdout, /^swagger: "?2\.0"?/m)
    } finally {
      await server.stop()
    }
  })

  it('portico audit lists what serve and import changed, under the admin key', async () => {
    const dir = dataDir()
    const server = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--data-dir', dir])
    const id = apiIdFrom(server.stdout, 'Orders')
    const key = server.stdout.match(/AWS_ACCESS_KEY_ID=(\S+)/)![1]!
    const imported = portico(['import', 'test/fixtures/e2e/orders.yaml', '--data-dir', dir, '--endpoint-url', server.url])
    assert.equal(imported.code, 0, imported.stderr)
    await server.stop()
    const audit = portico(['audit', '--json', '--data-dir', dir])
    assert.equal(audit.code, 0, audit.stderr)
    const entries = audit.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { operation: string; resource: string; accessKeyId: string })
    assert.deepEqual(
      entries.map((e) => [e.operation, e.resource]),
      [
        ['CreateRestApi', '/restapis'],
        ['PutRestApi', `/restapis/${id}`],
        ['CreateDeployment', `/restapis/${id}/deployments`],
        ['ImportRestApi', '/restapis'],
        ['CreateDeployment', `/restapis/${imported.stdout.match(/as ([a-z0-9]{10})/)![1]}/deployments`],
      ],
    )
    assert.ok(entries.every((e) => e.accessKeyId === key))
  })

  it('bin/portico.js runs the built CLI (what `npx portico` runs)', () => {
    if (!existsSync(join(ROOT, 'dist/portico.cjs'))) {
      const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
      assert.equal(build.status, 0, build.stderr + build.stdout)
    }
    const r = spawnSync(process.execPath, ['bin/portico.js', '--help'], { cwd: ROOT, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /portico serve/)
  })
})
