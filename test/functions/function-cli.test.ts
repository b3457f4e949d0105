import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { after, before, describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runFunctionCommand } from '../../src/cli/function-command.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (c: Buffer) => (stdout += c))
  err.on('data', (c: Buffer) => (stderr += c))
  const code = await runFunctionCommand(args, out, err, cwd)
  return { code, stdout, stderr }
}

describe('portico function add / ls / invoke / rm', { timeout: 30_000 }, () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-fn-cli-'))
    await mkdir(join(dir, 'src'))
    await writeFile(join(dir, 'src', 'app.mjs'), `export const handler = async (event, context) => ({ got: event, name: context.functionName, stage: process.env.STAGE })\n`)
    await writeFile(join(dir, 'src', 'bad.mjs'), `export const handler = async () => { throw new Error('nope') }\n`)
  })
  after(() => rm(dir, { recursive: true, force: true }))

  test('add creates portico.config.json with the handler relative to it', async () => {
    const r = await run(['add', 'hello', '--handler', './src/app.handler', '--timeout', '5', '--memory', '256', '--env', 'STAGE=dev', '--env', 'X=a=b'], dir)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Added function hello \(handler \.\/src\/app\.handler\) in portico\.config\.json/)
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'portico.config.json'), 'utf8')), {
      functions: { hello: { handler: './src/app.handler', environment: { STAGE: 'dev', X: 'a=b' }, timeout: 5, memorySize: 256 } },
    })
    const again = await run(['add', 'broken', '--handler', './src/bad.handler'], dir)
    assert.equal(again.code, 0)
  })

  test('add rejects what the config file would reject, naming the key', async () => {
    const r = await run(['add', 'slowpoke', '--handler', './src/app.handler', '--timeout', '901'], dir)
    assert.equal(r.code, 2)
    assert.match(r.stderr, /functions\.slowpoke\.timeout: must be a whole number of seconds from 1 to 900, got 901/)
    const missing = await run(['add', 'x'], dir)
    assert.equal(missing.code, 2)
  })

  test('add warns when the handler module does not exist yet', async () => {
    const r = await run(['add', 'later', '--handler', './src/later.handler'], dir)
    assert.equal(r.code, 0)
    assert.match(r.stderr, /warning: no .*later\{\.js,\.mjs,\.cjs\} yet/)
  })

  test('ls lists the functions with their settings', async () => {
    const r = await run(['ls'], dir)
    assert.equal(r.code, 0)
    assert.match(r.stdout, /^broken\t\.\/src\/bad\.handler\ttimeout 3s, memory 128 MB$/m)
    assert.match(r.stdout, /^hello\t\.\/src\/app\.handler\ttimeout 5s, memory 256 MB, env STAGE,X$/m)
  })

  test('invoke runs it locally: result on stdout, logs on stderr; a function error exits 1', async () => {
    const r = await run(['invoke', 'hello', '--payload', '{"n":1}'], dir)
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout), { got: { n: 1 }, name: 'hello', stage: 'dev' })
    assert.match(r.stderr, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST$/m)
    const bad = await run(['invoke', 'broken'], dir)
    assert.equal(bad.code, 1)
    assert.equal(JSON.parse(bad.stdout).errorMessage, 'nope')
    assert.match(bad.stderr, /X-Amz-Function-Error: Unhandled/)
    const unknown = await run(['invoke', 'ghost'], dir)
    assert.equal(unknown.code, 1)
    assert.match(unknown.stderr, /ResourceNotFoundException \(404\): Function not found: arn:aws:lambda:us-east-1:123456789012:function:ghost/)
    const badJson = await run(['invoke', 'hello', '--payload', '{'], dir)
    assert.equal(badJson.code, 2)
  })

  test('alias writes Lambda\'s routing config; ls shows the weights; a bad weight leaves the file alone', async () => {
    const file = join(dir, 'portico.config.json')
    const before = JSON.parse(await readFile(file, 'utf8'))
    await writeFile(file, JSON.stringify({ ...before, functions: { ...before.functions, hello: { ...before.functions.hello, versions: { '1': {}, '2': {} } } } }))
    const r = await run(['alias', 'hello', 'live', '--version', '1', '--weight', '2=0.25'], dir)
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /Added alias hello:live → 1 \(2: 25%\)/)
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).functions.hello.aliases, { live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.25 } } } })
    assert.match((await run(['ls'], dir)).stdout, /alias live → 1 \(2: 25%\)/)
    const bad = await run(['alias', 'hello', 'live', '--version', '1', '--weight', '2=1.5'], dir)
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /aliases\.live\.routingConfig\.additionalVersionWeights\.2: a weight is a number from 0\.0 to 1\.0, got 1\.5/)
    assert.deepEqual(JSON.parse(await readFile(file, 'utf8')).functions.hello.aliases.live.routingConfig.additionalVersionWeights, { '2': 0.25 })
  })

  test('rm removes a function', async () => {
    assert.equal((await run(['rm', 'later'], dir)).code, 0)
    assert.doesNotMatch((await run(['ls'], dir)).stdout, /later/)
    assert.equal((await run(['rm', 'later'], dir)).code, 1)
  })

  test('the real binary dispatches `portico function` (--config from elsewhere)', () => {
    const config = join(dir, 'portico.config.json')
    const ls = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'function', 'ls', '--config', config], { cwd: ROOT, encoding: 'utf8', timeout: 20_000 })
    assert.equal(ls.status, 0, ls.stderr)
    assert.match(ls.stdout, /^hello\t/m)
    const inv = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'function', 'invoke', 'hello', '--config', config, '--payload', '[1]'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    })
    assert.equal(inv.status, 0, inv.stderr)
    assert.deepEqual(JSON.parse(inv.stdout).got, [1])
  })
})
