import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Start-up time (issue 13): importing and deploying a document without models loads no ajv
 * (~50 ms on a first `portico serve`); a document with models still has every one compiled at
 * import, so an invalid schema fails the import as it did (and as AWS's import does).
 * In a process of its own, to see which modules the import loaded.
 */
test('an import without models loads no ajv; one with an invalid model still fails at import', () => {
  const script = `
    import { createRequire } from 'node:module'
    import { mkdtempSync, writeFileSync } from 'node:fs'
    import { tmpdir } from 'node:os'
    import { join } from 'node:path'
    const { startPortico } = await import('./src/main.ts')
    const { resolveConfig } = await import('./src/config.ts')
    const { serveFile } = await import('./test/support/serve-file.ts')
    const ajvLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((p) => /node_modules\\/ajv/.test(p))
    const dir = mkdtempSync(join(tmpdir(), 'portico-ajv-'))
    const portico = await startPortico(resolveConfig({ dataDir: join(dir, 'data'), port: 0 }, {}))
    const mock = (body) => ({ responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' }, responses: { default: { statusCode: '200', responseTemplates: { 'application/json': body } } } } })
    try {
      const plain = join(dir, 'plain.json')
      writeFileSync(plain, JSON.stringify({ openapi: '3.0.1', info: { title: 'plain', version: '1' }, paths: { '/a': { get: mock('{"a": 1}') }, '/b': { get: mock('{"b": $context.stage}') } } }))
      const served = await serveFile(portico, plain, 'dev')
      await portico.settled()
      const answer = await fetch(portico.url + '/_aws/execute-api/' + served.apiId + '/dev/b')
      const plainRun = { status: answer.status, body: await answer.text(), ajv: ajvLoaded() }
      const modelled = join(dir, 'modelled.json')
      writeFileSync(modelled, JSON.stringify({ openapi: '3.0.1', info: { title: 'modelled', version: '1' }, paths: { '/a': { get: mock('{}') } }, components: { schemas: { Bad: { type: 'object', required: [] } } } }))
      const failure = await serveFile(portico, modelled, 'dev').then(() => 'imported', (error) => error.message)
      console.log(JSON.stringify({ plainRun, failure, ajvAfter: ajvLoaded() }))
    } finally {
      await portico.close()
    }
  `
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: { ...process.env, PORTICO_CONFIG: '' } })
  assert.equal(run.status, 0, run.stderr)
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { plainRun: { status: number; body: string; ajv: boolean }; failure: string; ajvAfter: boolean }
  assert.deepEqual(result.plainRun, { status: 200, body: '{"b": dev}', ajv: false })
  assert.match(result.failure, /Invalid model schema: schema is invalid: data\/required must NOT have fewer than 1 items/)
  assert.equal(result.ajvAfter, true)
})
