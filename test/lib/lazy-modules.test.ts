import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Start-up time: a Portico on its embedded defaults (memory counters and cache, a JSON API)
 * never loads ioredis, yaml, ajv or undici; each is loaded on first use (src/lib/lazy-modules.ts):
 * undici when a stage that calls HTTPS backends compiles (plain-HTTP ones use lib/h1-pool.ts).
 */
test('a default start loads neither ioredis nor yaml nor ajv nor undici', () => {
  const script = `
    import { createRequire } from 'node:module'
    import { mkdtempSync } from 'node:fs'
    import { tmpdir } from 'node:os'
    import { join } from 'node:path'
    const { startPortico } = await import('./src/main.ts')
    const { resolveConfig } = await import('./src/config.ts')
    const { redisClient } = await import('./src/lib/lazy-modules.ts')
    const { createUpstreamPools } = await import('./src/integrations/index.ts')
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(ioredis|yaml|ajv|undici)\\//.test(p)).map((p) => p.split('node_modules/')[1].split('/')[0])
    const portico = await startPortico(resolveConfig({ dataDir: mkdtempSync(join(tmpdir(), 'portico-lazy-')), port: 0 }, {}))
    const atStart = [...new Set(loaded())]
    await portico.close()
    redisClient()
    createUpstreamPools().prepare('http://127.0.0.1:8080/{proxy}')
    const afterHttp = [...new Set(loaded())]
    createUpstreamPools().prepare('https://backend.example/{proxy}')
    console.log(JSON.stringify({ atStart, afterHttp, afterUse: [...new Set(loaded())] }))
  `
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PORTICO_CONFIG: '' } })
  assert.equal(run.status, 0, run.stderr)
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { atStart: string[]; afterHttp: string[]; afterUse: string[] }
  assert.deepEqual(result.atStart, [])
  assert.ok(!result.afterHttp.includes('undici'), 'a plain-HTTP backend needs no undici')
  assert.ok(result.afterUse.includes('ioredis'), 'the check sees a module once it is loaded')
  assert.ok(result.afterUse.includes('undici'), 'preparing the upstream pools for an HTTPS backend loads undici')
})
