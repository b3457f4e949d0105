/**
 * Issue 14, defect 8: a `portico serve` killed with SIGKILL under steady keyed traffic loses at
 * most the usage counted in its last second (docs/configuration.md). Measured from this side:
 * a count is made before its response is sent, so a lost count belongs to a response received
 * after the last write began; the check is that no more were lost than the responses received
 * in the second before the kill. The bound is the documented one; the recorder writes every
 * 500 ms, so a write that starts late by up to half a second still passes.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { performance } from 'node:perf_hooks'
import {
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  GetUsageCommand,
  UpdateMethodCommand,
} from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, sdkClient } from '../control/harness.ts'
import { porticoServe, type RunningServer } from '../support/cli.ts'

const ORDERS = new URL('../fixtures/e2e/orders.yaml', import.meta.url).pathname
const BOUND_MS = 1000
const env = { PORTICO_ADMIN_ACCESS_KEY_ID: ACCESS_KEY_ID, PORTICO_ADMIN_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY }
const work = mkdtempSync(join(tmpdir(), 'portico-usage-kill-'))
let server: RunningServer | undefined

after(async () => {
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
})

/** the first start imports and deploys the API; a restart serves what the data directory holds */
const serve = (...files: string[]) => porticoServe(['--port', '0', '--host', '127.0.0.1', '--data-dir', work, '--stage', 'prod', ...files], env)

/** Today's usage of the key in the plan, as GetUsage reports it. */
async function storedUsage(planId: string, keyId: string): Promise<number> {
  const client = sdkClient(server!.url)
  try {
    const day = new Date().toISOString().slice(0, 10)
    const usage = await client.send(new GetUsageCommand({ usagePlanId: planId, keyId, startDate: day, endDate: day }))
    return (usage.items?.[keyId] ?? []).reduce((n, [used]) => n + (used ?? 0), 0)
  } finally {
    client.destroy()
  }
}

describe('usage after kill -9', () => {
  it('a killed gateway loses at most the counts of its last second', async () => {
    server = await serve(ORDERS)
    const client = sdkClient(server.url)
    const apiId = (await client.send(new GetRestApisCommand({}))).items![0]!.id!
    const resource = (await client.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/orders/{orderId}')!
    await client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET', patchOperations: [{ op: 'replace', path: '/apiKeyRequired', value: 'true' }] }))
    await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    const key = await client.send(new CreateApiKeyCommand({ name: 'steady', enabled: true }))
    const plan = await client.send(new CreateUsagePlanCommand({ name: 'metered', apiStages: [{ apiId, stage: 'prod' }] }))
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId: key.id!, keyType: 'API_KEY' }))
    client.destroy()

    let total = 0
    for (const trafficMs of [1_300, 2_300]) {
      const url = `${server.url}/_aws/execute-api/${apiId}/prod/orders/1`
      const invoke = async () => (await fetch(url, { headers: { 'x-api-key': key.value! } }).then((r) => r.arrayBuffer().then(() => r.status))) === 200
      // the deployment is applied in the background: wait for the first keyed 200
      for (let i = 0; i < 200 && !(await invoke()); i++) await new Promise((r) => setTimeout(r, 25))
      const before = await storedUsage(plan.id!, key.id!)

      const answeredAt: number[] = []
      let killedAt = Infinity
      const started = performance.now()
      const loops = Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 100_000 && performance.now() < killedAt; i++) {
          try {
            if (await invoke()) answeredAt.push(performance.now())
          } catch {
            return // the connection died with the process
          }
        }
      })
      while (performance.now() - started < trafficMs) await new Promise((r) => setTimeout(r, 20))
      killedAt = performance.now()
      const killed = server
      killed.child.kill('SIGKILL')
      await killed.stop()
      await Promise.all(loops)

      server = await serve()
      const stored = (await storedUsage(plan.id!, key.id!)) - before
      const answered = answeredAt.filter((t) => t <= killedAt).length
      const lastSecond = answeredAt.filter((t) => t > killedAt - BOUND_MS && t <= killedAt).length
      const lost = answered - stored
      assert.ok(answered > 20, `traffic flowed (${answered} answered)`)
      assert.ok(lost <= lastSecond, `after ${trafficMs} ms of traffic: ${lost} counts lost, more than the ${lastSecond} answered in the last ${BOUND_MS} ms (${answered} answered, ${stored} stored)`)
      // requests in flight at the kill may have been counted without being answered
      assert.ok(stored <= answeredAt.length + 4, `${stored} stored, ${answeredAt.length} answered`)
      total += answered
    }
    assert.ok(total > 0)
  })
})
