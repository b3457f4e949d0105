/**
 * API keys, usage plans and client certificates are version-checked like REST APIs (issue 19,
 * item 4): a read-modify-write that lost a race answers AWS's 409 and changes nothing, so no
 * change is silently overwritten (no last writer wins).
 * - through the SDK: parallel TagResource calls on each kind; every success is in the final tags;
 * - on the store: an update whose `expected` is stale is refused, whatever the record.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CreateApiKeyCommand, CreateUsagePlanCommand, GenerateClientCertificateCommand, GetTagsCommand, TagResourceCommand } from '@aws-sdk/client-api-gateway'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { StoreVersionConflictError } from '../../src/control/store/store.ts'
import { useHarness } from './harness.ts'

const CONFLICT = 'Unable to complete operation due to concurrent modification. Please try again later.'

const h = useHarness()

describe('account resources are version-checked', () => {
  it('parallel TagResource on an API key, a usage plan and a client certificate loses no tag', async () => {
    const arns = [
      `arn:aws:apigateway:us-east-1::/apikeys/${(await h.client.send(new CreateApiKeyCommand({ name: 'raced' }))).id}`,
      `arn:aws:apigateway:us-east-1::/usageplans/${(await h.client.send(new CreateUsagePlanCommand({ name: 'raced' }))).id}`,
      `arn:aws:apigateway:us-east-1::/clientcertificates/${(await h.client.send(new GenerateClientCertificateCommand({}))).clientCertificateId}`,
    ]
    for (const resourceArn of arns) {
      const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => h.client.send(new TagResourceCommand({ resourceArn, tags: { [`t${i}`]: 'v' } })).then(() => `t${i}`)))
      const applied: string[] = []
      for (const r of results) {
        if (r.status === 'fulfilled') applied.push(r.value)
        else {
          const e = r.reason as { name: string; message: string; $metadata: { httpStatusCode?: number } }
          assert.deepEqual([e.name, e.message, e.$metadata.httpStatusCode], ['ConflictException', CONFLICT, 409])
        }
      }
      assert.ok(applied.length > 0)
      const tags = (await h.client.send(new GetTagsCommand({ resourceArn }))).tags ?? {}
      assert.deepEqual(Object.keys(tags).sort(), applied.sort(), `${resourceArn}: every tag whose TagResource succeeded, and only those`)
    }
  })

  it('the store refuses an update whose expected record is stale', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-account-versions-'))
    const store = await openSqliteStore({ dataDir })
    try {
      await store.createApiKey({ id: 'k1', value: 'value-of-k1-0000000000', enabled: true, createdDate: 1, lastUpdatedDate: 1, stageKeys: [] })
      const key = (await store.getApiKey('k1'))!
      await store.updateApiKey({ ...key, name: 'first' }, key)
      await assert.rejects(store.updateApiKey({ ...key, name: 'second' }, key), StoreVersionConflictError)
      assert.equal((await store.getApiKey('k1'))!.name, 'first')

      await store.createUsagePlan({ id: 'p1', name: 'plan', apiStages: [] })
      const plan = (await store.getUsagePlan('p1'))!
      await store.updateUsagePlan({ ...plan, description: 'first' }, plan)
      await assert.rejects(store.updateUsagePlan({ ...plan, description: 'second' }, plan), StoreVersionConflictError)

      await store.createClientCertificate({ clientCertificateId: 'c1', pemEncodedCertificate: 'pem', createdDate: 1, expirationDate: 2 })
      const certificate = (await store.getClientCertificate('c1'))!
      await store.updateClientCertificate({ ...certificate, description: 'first' }, certificate)
      await assert.rejects(store.updateClientCertificate({ ...certificate, description: 'second' }, certificate), StoreVersionConflictError)
      assert.equal((await store.getClientCertificate('c1'))!.description, 'first')
    } finally {
      await store.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
