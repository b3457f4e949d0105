/**
 * Portico's CI operations over real HTTP: `POST /_portico/reset` and `GET /_portico/requests`,
 * admin-only like every management call (SigV4 with the admin key pair; unsigned or another
 * key's signature → 403).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateApiKeyCommand, CreateUsagePlanCommand, GetApiKeysCommand, GetRestApisCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway'
import { requestHistorySizeFromEnv } from '../../src/observe/request-history.ts'
import { signedHeaders, serveMockPets, useHarness } from './harness.ts'

interface Listed {
  perStage: number
  items: Array<{ apiId: string; stage: string; method: string; path: string; resourcePath: string | null; status: number; requestId: string }>
}

describe('POST /_portico/reset and GET /_portico/requests', () => {
  let apiId: string
  let stageUrl: string
  const h = useHarness(
    {},
    {
      requestHistory: 2,
      setup: async (started) => {
        ;({ apiId, stageUrl } = await serveMockPets(started))
      },
    },
  )

  async function signed(method: string, path: string, opts: { secret?: string; accessKeyId?: string } = {}): Promise<Response> {
    const url = `${h.portico.adminUrl}${path}`
    return fetch(url, { method, headers: await signedHeaders(url, method, '', opts) })
  }

  it('lists the requests each stage answered, newest first, bounded, filtered by apiId and stage', async () => {
    for (const petId of ['1', '2', '3']) assert.equal((await fetch(`${stageUrl}/pets/${petId}`)).status, 200)
    const sent = await fetch(`${stageUrl}/pets`)
    assert.equal(sent.status, 200)

    const res = await signed('GET', `/_portico/requests?apiId=${apiId}&stage=dev`)
    assert.equal(res.status, 200)
    const listed = (await res.json()) as Listed
    assert.equal(listed.perStage, 2)
    assert.deepEqual(
      listed.items.map((i) => [i.apiId, i.stage, i.method, i.path, i.resourcePath, i.status]),
      [
        [apiId, 'dev', 'GET', '/pets', '/pets', 200],
        [apiId, 'dev', 'GET', '/pets/3', '/pets/{petId}', 200],
      ],
    )
    assert.equal(listed.items[0]!.requestId, sent.headers.get('x-amzn-requestid'))
    const none = (await (await signed('GET', `/_portico/requests?apiId=${apiId}&stage=prod`)).json()) as Listed
    assert.deepEqual(none.items, [])
  })

  it('refuses unsigned calls and another key\'s signature with 403, changing nothing', async () => {
    for (const [method, path] of [['GET', '/_portico/requests'], ['POST', '/_portico/reset']] as const) {
      const unsigned = await fetch(`${h.portico.adminUrl}${path}`, { method })
      assert.equal(unsigned.status, 403)
      assert.equal(unsigned.headers.get('x-amzn-errortype')?.split(':')[0], 'MissingAuthenticationTokenException')
      const wrongKey = await signed(method, path, { accessKeyId: 'AKIAANOTHERKEY000001', secret: 'another/secret/00000000000000000000000000' })
      assert.equal(wrongKey.status, 403)
      const wrongSecret = await signed(method, path, { secret: 'not/the/admin/secret/000000000000000000000' })
      assert.equal(wrongSecret.status, 403)
    }
    assert.equal((await fetch(`${stageUrl}/pets`)).status, 200, 'the stage still answers')
  })

  it('reset empties APIs, keys, plans and the history; the stage stops answering; the reset is audited', async () => {
    await h.client.send(new CreateApiKeyCommand({ name: 'ci', enabled: true }))
    await h.client.send(new CreateUsagePlanCommand({ name: 'ci', apiStages: [{ apiId, stage: 'dev' }] }))

    const res = await signed('POST', '/_portico/reset')
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { reset: true })

    assert.notEqual((await fetch(`${stageUrl}/pets`)).status, 200)
    assert.deepEqual((await h.client.send(new GetRestApisCommand({}))).items ?? [], [])
    assert.deepEqual((await h.client.send(new GetApiKeysCommand({}))).items ?? [], [])
    assert.deepEqual((await h.client.send(new GetUsagePlansCommand({}))).items ?? [], [])
    const listed = (await (await signed('GET', '/_portico/requests')).json()) as Listed
    assert.deepEqual(listed.items, [])
    const audit = await h.portico.store.listAudit()
    assert.equal(audit.at(-1)?.operation, 'ResetPortico')
  })
})

describe('PORTICO_REQUEST_HISTORY', () => {
  it('is 100 unless set, 0 turns the history off, anything but a whole number up to 10000 is refused', () => {
    assert.equal(requestHistorySizeFromEnv({}), 100)
    assert.equal(requestHistorySizeFromEnv({ PORTICO_REQUEST_HISTORY: '0' }), 0)
    assert.equal(requestHistorySizeFromEnv({ PORTICO_REQUEST_HISTORY: '500' }), 500)
    for (const bad of ['-1', '1.5', 'many', '10001']) assert.throws(() => requestHistorySizeFromEnv({ PORTICO_REQUEST_HISTORY: bad }), /PORTICO_REQUEST_HISTORY/)
  })
})
