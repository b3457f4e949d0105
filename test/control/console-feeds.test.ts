/**
 * The console's feeds over real HTTP: `GET /_portico/audit` (the audit trail, paged from the
 * newest) and `GET /_portico/logs` (the newest access-log lines per stage, followed by cursor),
 * admin-only like every management call.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateApiKeyCommand, UpdateApiKeyCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { signedHeaders, serveMockPets, useHarness } from './harness.ts'

interface AuditPage {
  items: Array<{ time: string; accessKeyId: string; operation: string; resource: string; requestId: string; parameters: Record<string, any> }>
  nextToken?: string
}
interface LogPage {
  perStage: number
  cursor: number
  items: Array<{ seq: number; time: string; apiId: string; stage: string; canary: boolean; line: string }>
}

describe('GET /_portico/audit and GET /_portico/logs', () => {
  let apiId: string
  let stageUrl: string
  const h = useHarness(
    {},
    {
      observe: { accessLogTail: 3 },
      setup: async (started) => {
        ;({ apiId, stageUrl } = await serveMockPets(started))
      },
    },
  )

  async function get<T>(path: string): Promise<T> {
    const url = `${h.portico.adminUrl}${path}`
    const res = await fetch(url, { headers: await signedHeaders(url, 'GET', '') })
    const text = await res.text()
    assert.equal(res.status, 200, text)
    return JSON.parse(text) as T
  }

  async function error(path: string): Promise<[number, string | undefined, string]> {
    const url = `${h.portico.adminUrl}${path}`
    const res = await fetch(url, { headers: await signedHeaders(url, 'GET', '') })
    return [res.status, res.headers.get('x-amzn-errortype')?.split(':')[0], ((await res.json()) as { message: string }).message]
  }

  it('pages the audit trail from the newest, with who, what and where, secrets redacted', async () => {
    const key = await h.client.send(new CreateApiKeyCommand({ name: 'audited', value: 'a-secret-key-value-0000001', enabled: true }))
    await h.client.send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/description', value: 'changed' }] }))
    const first = await get<AuditPage>('/_portico/audit?limit=2')
    assert.deepEqual(
      first.items.map((e) => [e.operation, e.resource]),
      [
        ['UpdateApiKey', `/apikeys/${key.id}`],
        ['CreateApiKey', '/apikeys'],
      ],
    )
    assert.equal(first.items[0]!.accessKeyId, h.portico.admin.accessKeyId)
    assert.match(first.items[0]!.time, /^\d{4}-\d\d-\d\dT/)
    assert.equal(first.items[1]!.parameters.body.value, '***')
    assert.ok(first.nextToken)

    // the next page goes on from there to the oldest (the import that made the API)
    const all = (await h.portico.store.listAudit()).reverse()
    const seen = [...first.items]
    let token: string | undefined = first.nextToken
    for (let pages = 0; token && pages < 50; pages++) {
      const page: AuditPage = await get<AuditPage>(`/_portico/audit?limit=2&nextToken=${encodeURIComponent(token)}`)
      assert.ok(page.items.length > 0 && page.items.length <= 2)
      seen.push(...page.items)
      token = page.nextToken
    }
    assert.equal(token, undefined)
    assert.deepEqual(
      seen.map((e) => e.requestId),
      all.map((e) => e.requestId),
    )
    assert.deepEqual(await error('/_portico/audit?nextToken=nope'), [400, 'BadRequestException', 'Invalid nextToken specified'])
    assert.equal((await error('/_portico/audit?limit=0'))[0], 400)
  })

  it('keeps the newest access-log lines per stage and returns only the new ones after a cursor', async () => {
    const empty = await get<LogPage>(`/_portico/logs?apiId=${apiId}`)
    assert.deepEqual([empty.perStage, empty.items], [3, []], 'no access logging, no lines')

    await h.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'dev',
        patchOperations: [
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:123456789012:log-group:tail' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.httpMethod $context.resourcePath $context.status $context.requestId' },
        ],
      }),
    )
    await h.portico.settled()
    const ids: string[] = []
    for (const petId of ['1', '2', '3', '4']) {
      const res = await fetch(`${stageUrl}/pets/${petId}`)
      assert.equal(res.status, 200)
      ids.push(res.headers.get('x-amzn-requestid')!)
    }
    // a line is written when the request ends, which may be just after its answer arrives
    const deadline = Date.now() + 10_000
    let page = await get<LogPage>(`/_portico/logs?apiId=${apiId}&stage=dev`)
    while (page.items.at(-1)?.line.endsWith(ids[3]!) !== true && Date.now() < deadline) page = await get<LogPage>(`/_portico/logs?apiId=${apiId}&stage=dev`)
    // bounded: the stage keeps 3, oldest first
    assert.deepEqual(
      page.items.map((i) => i.line),
      ids.slice(1).map((id) => `GET /pets/{petId} 200 ${id}`),
    )
    assert.deepEqual([page.items[0]!.apiId, page.items[0]!.stage, page.items[0]!.canary], [apiId, 'dev', false])
    assert.equal(page.cursor, page.items.at(-1)!.seq)

    const limited = await get<LogPage>(`/_portico/logs?apiId=${apiId}&stage=dev&limit=1`)
    assert.deepEqual(limited.items.map((i) => i.line), [`GET /pets/{petId} 200 ${ids[3]}`])
    // a follower: nothing new after the cursor, then only the new line
    assert.deepEqual((await get<LogPage>(`/_portico/logs?apiId=${apiId}&since=${page.cursor}`)).items, [])
    const res = await fetch(`${stageUrl}/pets`)
    const id = res.headers.get('x-amzn-requestid')!
    let next = await get<LogPage>(`/_portico/logs?apiId=${apiId}&since=${page.cursor}`)
    while (next.items.length === 0 && Date.now() < deadline) next = await get<LogPage>(`/_portico/logs?apiId=${apiId}&since=${page.cursor}`)
    assert.deepEqual(next.items.map((i) => i.line), [`GET /pets 200 ${id}`])
    // other stages and APIs have none
    assert.deepEqual((await get<LogPage>(`/_portico/logs?apiId=${apiId}&stage=prod`)).items, [])
    assert.deepEqual((await get<LogPage>('/_portico/logs?apiId=other')).items, [])
    assert.deepEqual(await error('/_portico/logs?since=-1'), [400, 'BadRequestException', 'Invalid since: -1. Use a whole number from 0'])
  })

  it('refuses unsigned calls with 403', async () => {
    for (const path of ['/_portico/audit', '/_portico/logs']) {
      const res = await fetch(`${h.portico.adminUrl}${path}`)
      assert.equal(res.status, 403)
      assert.equal(res.headers.get('x-amzn-errortype')?.split(':')[0], 'MissingAuthenticationTokenException')
    }
  })
})
