import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { resolveConfig } from '../../src/config.ts'
import { ConfigFileError, loadConfigFile } from '../../src/config-file.ts'
import { startPortico } from '../../src/main.ts'
import { FIXTURES } from './runtime-fixture.ts'

test('startPortico builds the function invoker from the config file and closes its workers', { timeout: 20_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'portico-start-'))
  const configPath = join(dataDir, 'portico.config.json')
  await writeFile(configPath, JSON.stringify({ functions: { hello: { handler: join(FIXTURES, 'cjs.handler') } } }))
  const portico = await startPortico(resolveConfig({ port: 0, dataDir, accountId: '111122223333', region: 'eu-central-1' }), {
    functions: await loadConfigFile({ path: configPath }),
  })
  try {
    assert.equal(portico.invoker.has('hello'), true)
    assert.equal(portico.invoker.has('other'), false, 'no lambda endpoint configured: only local functions')
    const result = await portico.invoker.invoke({ functionName: 'hello', payload: { value: 'x' }, requestId: 'r', timeoutMs: 5000 })
    assert.deepEqual(result.payload, { style: 'cjs-async', input: 'x' })
  } finally {
    await portico.close()
    await rm(dataDir, { recursive: true, force: true })
  }
})

test('an invalid config file fails the start with the key path', { timeout: 20_000 }, async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'portico-start-'))
  const configPath = join(dataDir, 'portico.config.json')
  await writeFile(configPath, JSON.stringify({ functions: { hello: { handler: './a.handler', timeout: 0 } } }))
  const saved = process.env.PORTICO_CONFIG
  process.env.PORTICO_CONFIG = configPath
  try {
    await assert.rejects(startPortico(resolveConfig({ port: 0, dataDir })), (error: Error) => {
      assert.ok(error instanceof ConfigFileError)
      assert.match(error.message, /functions\.hello\.timeout: must be a whole number of seconds from 1 to 900, got 0/)
      return true
    })
  } finally {
    if (saved === undefined) delete process.env.PORTICO_CONFIG
    else process.env.PORTICO_CONFIG = saved
    await rm(dataDir, { recursive: true, force: true })
  }
})
