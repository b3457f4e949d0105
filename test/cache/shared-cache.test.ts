/**
 * The Redis response cache behind real servers: two Portico processes on one data directory and
 * one Redis answer from each other's entries (and a flush through one empties both), entries of
 * dataEncrypted methods are stored sealed, and a canary keeps its own entries unless
 * useStageCache. Redis is required: without it the servers fail to start and so do these tests.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { CreateDeploymentCommand, FlushStageCacheCommand } from '@aws-sdk/client-api-gateway'
import { sdkClient } from '../control/harness.ts'
import { send } from '../data/fixtures.ts'
import { REDIS_URL, useCachePortico, type Backend } from './harness.ts'

/** Portico in a child process on `dataDir` and the Redis cache; resolves with its port. */
async function startChild(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./child-portico.ts', import.meta.url).pathname, dataDir, REDIS_URL], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  })
  let out = ''
  for await (const chunk of child.stdout!) {
    out += String(chunk)
    const ready = /READY (\d+)\n/.exec(out)
    if (ready) return { child, port: Number(ready[1]) }
  }
  throw new Error('the second Portico process exited before it was ready')
}

const ENCRYPTION_KEY = Buffer.alloc(32, 9).toString('base64')

describe('the Redis response cache shared by two servers', () => {
  let backend: Backend
  let b: { child: ChildProcess; port: number }
  let redis: Redis
  const previousKey = process.env.PORTICO_CACHE_KEY

  before(() => {
    // both servers must read each other's encrypted entries: one configured key
    process.env.PORTICO_CACHE_KEY = ENCRYPTION_KEY
  })
  after(() => {
    if (previousKey === undefined) delete process.env.PORTICO_CACHE_KEY
    else process.env.PORTICO_CACHE_KEY = previousKey
  })
  const a = useCachePortico({ cache: REDIS_URL }, async (started) => {
    backend = started.backend
    await started.patchStage({ '/*/*/caching/enabled': 'true' })
    // the second process starts on the same store with the stage already configured (later changes reach only `a`)
    b = await startChild(started.harness.dir)
    redis = new Redis(REDIS_URL, { lazyConnect: true })
    await redis.connect()
    return async () => {
      await started.harness.client.send(new FlushStageCacheCommand({ restApiId: started.apiId, stageName: 'prod' }))
      await redis.quit()
      b.child.kill('SIGTERM')
      await once(b.child, 'exit')
    }
  })

  /** The stored entries of the stage and its canary (keys are hashes); waits for the background store of a miss. */
  async function storedEntries(count: number): Promise<Buffer[]> {
    for (let attempt = 0; attempt < 200; attempt++) {
      const keys = await redis.keys(`portico:cache:${a.apiId}/prod*`)
      if (keys.length >= count) return Promise.all(keys.map(async (k) => (await redis.getBuffer(k))!))
      await new Promise((resolve) => setImmediate(resolve))
    }
    throw new Error(`expected ${count} stored entries`)
  }

  it('one server answers from the entry the other stored; a flush through either empties both', async () => {
    const calls = backend.calls
    const fromA = await a.call('/items/shared')
    await storedEntries(1)
    const fromB = await send(b.port, { path: `/_aws/execute-api/${a.apiId}/prod/items/shared` })
    assert.equal(fromB.body, fromA.body)
    assert.equal(backend.calls, calls + 1)
    const clientOfB = sdkClient(`http://127.0.0.1:${b.port}`)
    await clientOfB.send(new FlushStageCacheCommand({ restApiId: a.apiId, stageName: 'prod' }))
    clientOfB.destroy()
    await a.call('/items/shared')
    assert.equal(backend.calls, calls + 2)
  })

  it('stores entries in the clear, or sealed (AES-256-GCM) when dataEncrypted', async () => {
    await a.harness.client.send(new FlushStageCacheCommand({ restApiId: a.apiId, stageName: 'prod' }))
    const plain = await a.call('/items/plain-entry')
    const [stored] = await storedEntries(1)
    assert.ok(stored!.includes(Buffer.from(plain.body)), 'the plain entry holds the body as sent')

    await a.patchStage({ '/*/*/caching/dataEncrypted': 'true' })
    await a.harness.client.send(new FlushStageCacheCommand({ restApiId: a.apiId, stageName: 'prod' }))
    const sealed = await a.call('/items/sealed-entry')
    const [encrypted] = await storedEntries(1)
    assert.equal(encrypted![0], 0x45, 'the encrypted form')
    assert.ok(!encrypted!.includes(Buffer.from('sealed-entry')), 'no plaintext of the body')
    assert.ok(!encrypted!.includes(Buffer.from('x-backend')), 'no plaintext of the headers')
    const calls = backend.calls
    assert.equal((await a.call('/items/sealed-entry')).body, sealed.body, 'decrypted on a hit')
    assert.equal(backend.calls, calls)
    await a.patchStage({ '/*/*/caching/dataEncrypted': 'false' })
  })

  it('a canary keeps its own entries unless useStageCache', async () => {
    await a.harness.client.send(new FlushStageCacheCommand({ restApiId: a.apiId, stageName: 'prod' }))
    const calls = backend.calls
    const stageAnswer = await a.call('/items/canary')
    // every request now goes to the canary (percentTraffic 100)
    await a.harness.client.send(new CreateDeploymentCommand({ restApiId: a.apiId, stageName: 'prod', canarySettings: { percentTraffic: 100, useStageCache: false } }))
    await a.harness.portico.settled()
    const canaryAnswer = await a.call('/items/canary')
    assert.notEqual(canaryAnswer.body, stageAnswer.body)
    await storedEntries(2)
    assert.equal((await a.call('/items/canary')).body, canaryAnswer.body, "the canary's own entry")
    assert.equal(backend.calls, calls + 2)
    await a.patchStage({ '/canarySettings/useStageCache': 'true' })
    assert.equal((await a.call('/items/canary')).body, stageAnswer.body, "the stage's entry")
    assert.equal(backend.calls, calls + 2)
    await a.patch([{ op: 'remove', path: '/canarySettings' }])
  })
})
