import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { invoke, localRuntime } from './runtime-fixture.ts'

const handler = (value: string) => `let calls = 0\nexport const handler = async () => ({ value: ${JSON.stringify(value)}, calls: ++calls })\n`

test('hot reload: a changed handler file is picked up by the next invocation, not reloaded per request', { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portico-reload-'))
  await writeFile(join(dir, 'app.mjs'), handler('one'))
  const runtime = localRuntime({ app: { handler: './app.handler' } }, { dir, hotReload: true })
  try {
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'one', calls: 1 })
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'one', calls: 2 }, 'the same warm module between changes')

    await writeFile(join(dir, 'app.mjs'), handler('two'))
    let payload: unknown
    const deadline = Date.now() + 5000
    do {
      await new Promise((resolve) => setTimeout(resolve, 50))
      payload = (await invoke(runtime, 'app')).payload
    } while ((payload as { value: string }).value !== 'two' && Date.now() < deadline)
    assert.deepEqual(payload, { value: 'two', calls: 1 }, 'new code in a fresh environment')
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'two', calls: 2 })
  } finally {
    await runtime.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('hot reload: a worker busy when the file changes finishes its invocation, then retires', { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portico-reload-'))
  const slow = (value: string) => `export const handler = (event) => new Promise((r) => setTimeout(() => r(${JSON.stringify(value)}), event.ms))\n`
  await writeFile(join(dir, 'slow.mjs'), slow('old'))
  const runtime = localRuntime({ slow: { handler: './slow.handler' } }, { dir, hotReload: true })
  try {
    // warm first, so the in-flight invocation below certainly runs the old code
    assert.equal((await invoke(runtime, 'slow', { ms: 1 })).payload, 'old')
    const inFlight = invoke(runtime, 'slow', { ms: 1500 })
    await new Promise((resolve) => setTimeout(resolve, 300))
    await writeFile(join(dir, 'slow.mjs'), slow('new'))
    assert.equal((await inFlight).payload, 'old')
    let payload: unknown
    const deadline = Date.now() + 5000
    do {
      await new Promise((resolve) => setTimeout(resolve, 50))
      payload = (await invoke(runtime, 'slow', { ms: 1 })).payload
    } while (payload !== 'new' && Date.now() < deadline)
    assert.equal(payload, 'new')
  } finally {
    await runtime.close()
    await rm(dir, { recursive: true, force: true })
  }
})
