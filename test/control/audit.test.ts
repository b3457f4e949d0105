import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { auditEntry, auditParameters, changesState, REDACTED, resourcePath } from '../../src/control/audit.ts'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { auditCommand, formatTable } from '../../src/cli/audit.ts'
import { runCli } from '../../src/cli/main.ts'
import type { AuditEntry } from '../../src/model/account.ts'

const dirs: string[] = []
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'portico-audit-'))
  dirs.push(d)
  return d
}

class Sink {
  text = ''
  write(chunk: string): boolean {
    this.text += chunk
    return true
  }
}
const sink = () => new Sink() as unknown as NodeJS.WritableStream & { text: string }

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  time: Date.UTC(2026, 0, 1, 0, 0, n),
  accessKeyId: 'AKIDEXAMPLE',
  operation: 'CreateApiKey',
  resource: '/apikeys',
  requestId: `r${n}`,
  parameters: {},
  ...extra,
})

describe('audit parameters', () => {
  it('strip secrets: API key values, certificate bodies, patches of /value', () => {
    const params = auditParameters(
      {
        name: 'k',
        value: 'supersecretvalue-0123456789',
        nested: { pemEncodedCertificate: 'PEM', certificatePrivateKey: 'KEY', keep: 1 },
        patchOperations: [
          { op: 'replace', path: '/value', value: 'newsecretvalue-0123456789' },
          { op: 'replace', path: '/name', value: 'visible' },
        ],
      },
      new URLSearchParams('includeValue=true&tagKeys=a&tagKeys=b'),
      { api_Key: 'abc' },
    )
    assert.deepEqual(params, {
      path: { api_Key: 'abc' },
      query: { includeValue: 'true', tagKeys: ['a', 'b'] },
      body: {
        name: 'k',
        value: REDACTED,
        nested: { pemEncodedCertificate: REDACTED, certificatePrivateKey: REDACTED, keep: 1 },
        patchOperations: [
          { op: 'replace', path: '/value', value: REDACTED },
          { op: 'replace', path: '/name', value: 'visible' },
        ],
      },
    })
    assert.ok(!JSON.stringify(params).includes('secret'))
  })

  it('record a raw body (CSV of keys, OpenAPI) by size only', () => {
    const e = auditEntry(
      { name: 'ImportApiKeys', path: '/apikeys', rawBody: true },
      {
        params: {},
        query: new URLSearchParams('mode=import&format=csv'),
        headers: {},
        body: {},
        rawBody: Buffer.from('name,key\na,apikey1234abcdefghij0123456789\n'),
        accessKeyId: 'AKID',
        requestId: 'req',
      },
      1234,
    )
    assert.deepEqual(e, {
      time: 1234,
      accessKeyId: 'AKID',
      operation: 'ImportApiKeys',
      resource: '/apikeys',
      requestId: 'req',
      parameters: { query: { mode: 'import', format: 'csv' }, body: { bytes: 42 } },
    })
  })

  it('fill the resource path and tell changes from reads', () => {
    assert.equal(resourcePath('/tags/{resource_arn}', { resource_arn: 'arn:aws:apigateway:us-east-1::/restapis/x' }), '/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Frestapis%2Fx')
    assert.equal(resourcePath('/usageplans/{usageplanId}/keys/{keyId}', { usageplanId: 'p', keyId: 'k' }), '/usageplans/p/keys/k')
    assert.equal(changesState({ name: 'GetApiKeys', method: 'GET' }), false)
    assert.equal(changesState({ name: 'TestInvokeMethod', method: 'POST' }), false)
    assert.equal(changesState({ name: 'DeleteApiKey', method: 'DELETE' }), true)
  })
})

describe('portico audit', () => {
  it('prints the newest entries as a table, or JSON lines', async () => {
    const dataDir = tempDir()
    const store = await openSqliteStore({ dataDir })
    for (let n = 1; n <= 3; n++) await store.appendAudit(entry(n, { resource: `/apikeys/k${n}` }))
    const out = sink()
    const err = sink()
    assert.equal(await auditCommand(store, { limit: '2' }, out, err), 0)
    assert.equal(
      out.text,
      [
        'TIME                      ACCESS KEY   OPERATION     RESOURCE',
        '2026-01-01T00:00:02.000Z  AKIDEXAMPLE  CreateApiKey  /apikeys/k2',
        '2026-01-01T00:00:03.000Z  AKIDEXAMPLE  CreateApiKey  /apikeys/k3',
        '',
      ].join('\n'),
    )
    const json = sink()
    assert.equal(await auditCommand(store, { json: true }, json, err), 0)
    const lines = json.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    assert.deepEqual(lines.map((l) => l.resource), ['/apikeys/k1', '/apikeys/k2', '/apikeys/k3'])
    assert.equal(lines[0]!.time, '2026-01-01T00:00:01.000Z')
    assert.equal(await auditCommand(store, { limit: 'zero' }, out, err), 2)
    assert.match(err.text, /--limit must be a positive integer/)
    await store.close()

    // through the CLI entry point
    const cliOut = sink()
    assert.equal(await runCli(['audit', '--data-dir', dataDir, '--limit', '1'], cliOut as never, sink() as never), 0)
    assert.match(cliOut.text, /CreateApiKey {2}\/apikeys\/k3\n$/)
  })

  it('says so when nothing was recorded', async () => {
    const out = sink()
    const dataDir = tempDir()
    await (await openSqliteStore({ dataDir })).close()
    assert.equal(await runCli(['audit', '--data-dir', dataDir], out as never, sink() as never), 0)
    assert.match(out.text, /No changes recorded yet/)
    assert.equal(formatTable([]).split('\n')[0], 'TIME  ACCESS KEY  OPERATION  RESOURCE')
  })
})
