/** `portico serve --admin-port`: the management API on its own port, the CLI calling it there. */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, it } from 'node:test'
import { porticoAsync, porticoServe } from '../support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'portico-admin-port-'))
after(() => rmSync(dir, { recursive: true, force: true }))

it('serve prints both endpoints; the file is served on the data port; ls calls the admin port', { timeout: 90_000 }, async () => {
  const server = await porticoServe(['test/fixtures/e2e/orders.yaml', '--port', '0', '--admin-port', '0', '--data-dir', dir])
  try {
    const admin = server.stdout.match(/--endpoint-url (http:\/\/\S+)/)?.[1]
    assert.ok(admin, server.stdout)
    assert.notEqual(admin, server.url)
    const apiId = server.stdout.match(/Orders \(([a-z0-9]{10})\)/)?.[1]
    assert.ok(apiId, server.stdout)
    // the start-up listing names invoke URLs on the data port
    assert.ok(server.stdout.includes(`:${new URL(server.url).port}/_aws/execute-api/${apiId}/dev/`), server.stdout)
    const invoked = await fetch(`${server.url}/_aws/execute-api/${apiId}/dev/orders/o-1`)
    assert.equal(invoked.status, 200)
    assert.equal((await fetch(`${admin}/_aws/execute-api/${apiId}/dev/orders/o-1`)).status, 403)

    const dataPort = new URL(server.url).port
    const adminPort = new URL(admin).port
    const ls = await porticoAsync(['ls', '--port', dataPort, '--admin-port', adminPort, '--data-dir', dir])
    assert.equal(ls.code, 0, ls.stderr)
    assert.ok(ls.stdout.includes(`localhost:${dataPort}/_aws/execute-api/${apiId}/dev/`), ls.stdout)
  } finally {
    assert.equal(await server.stop(), 0)
  }
})
