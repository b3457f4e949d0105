import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { invoke, localRuntime } from './runtime-fixture.ts'
import { until } from '../support/until.ts'

const handler = (value: string) => `let calls = 0\nexport const handler = async () => ({ value: ${JSON.stringify(value)}, calls: ++calls })\n`

test('hot reload: a changed handler file is picked up by the next invocation, not reloaded per request', { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portico-reload-'))
  await writeFile(join(dir, 'app.mjs'), handler('one'))
  const runtime = localRuntime({ app: { handler: './app.handler' } }, { dir, hotReload: true })
  try {
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'one', calls: 1 })
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'one', calls: 2 }, 'the same warm module between changes')

    await writeFile(join(dir, 'app.mjs'), handler('two'))
    // the watcher retires the warm environment; the first invocation after that sees the new code
    const payload = await until(async () => {
      const { payload } = await invoke(runtime, 'app')
      return (payload as { value: string }).value === 'two' && payload
    }, 'the new code to be served')
    assert.deepEqual(payload, { value: 'two', calls: 1 }, 'new code in a fresh environment')
    assert.deepEqual((await invoke(runtime, 'app')).payload, { value: 'two', calls: 2 })
  } finally {
    await runtime.close()
    await rm(dir, { recursive: true, force: true })
  }
})

test('hot reload: a worker busy when the file changes finishes its invocation, then retires', { timeout: 20_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'portico-reload-'))
  // `event.started`: a file the handler writes as it starts, so the test knows the invocation is in flight
  const slow = (value: string) =>
    `import { writeFileSync } from 'node:fs'\nexport const handler = (event) => {\n  if (event.started) writeFileSync(event.started, '')\n  return new Promise((r) => setTimeout(() => r(${JSON.stringify(value)}), event.ms))\n}\n`
  await writeFile(join(dir, 'slow.mjs'), slow('old'))
  const runtime = localRuntime({ slow: { handler: './slow.handler' } }, { dir, hotReload: true })
  try {
    // warm first, so the in-flight invocation below certainly runs the old code
    assert.equal((await invoke(runtime, 'slow', { ms: 1 })).payload, 'old')
    // outside the watched directory: only the code change below may retire the environment
    const marks = await mkdtemp(join(tmpdir(), 'portico-reload-marks-'))
    const started = join(marks, 'started')
    const inFlight = invoke(runtime, 'slow', { ms: 1500, started })
    await until(() => existsSync(started), 'the in-flight invocation to start')
    await writeFile(join(dir, 'slow.mjs'), slow('new'))
    assert.equal((await inFlight).payload, 'old')
    const payload = await until(async () => {
      const { payload } = await invoke(runtime, 'slow', { ms: 1 })
      return payload === 'new' && payload
    }, 'the new code to be served')
    assert.equal(payload, 'new')
    await rm(marks, { recursive: true, force: true })
  } finally {
    await runtime.close()
    await rm(dir, { recursive: true, force: true })
  }
})
