import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { ConfigFileError, loadConfigFile, validateConfigFile, writeConfigFile } from '../../src/config-file.ts'
import { createFunctionRegistry, parseFunctionReference } from '../../src/functions/registry.ts'
import { resolveRuntimeLimits } from '../../src/functions/runtime-limits.ts'

function rejects(raw: unknown, message: RegExp): void {
  assert.throws(() => validateConfigFile(raw, 'portico.config.json'), (error: Error) => {
    assert.ok(error instanceof ConfigFileError)
    assert.match(error.message, message)
    return true
  })
}

describe('config file validation names the key path', () => {
  test('shape errors', () => {
    rejects([], /portico\.config\.json: \(top level\): must be an object/)
    rejects({ function: {} }, /function: unknown key \(expected one of functions, lambda, services, roles, credentials(, [a-zA-Z]+)*\)/)
    rejects({ functions: { 'bad name!': { handler: './a.h' } } }, /functions\.bad name!: a function name is 1-64/)
    rejects({ functions: { f: {} } }, /functions\.f\.handler: is required/)
    rejects({ functions: { f: { handler: './app' } } }, /functions\.f\.handler: must be <path\/module>\.<export>, e\.g\. "\.\/src\/app\.handler", got "\.\/app"/)
    rejects({ functions: { f: { handler: './a.h', memory: 128 } } }, /functions\.f\.memory: unknown key/)
  })

  test('limits as Lambda has them', () => {
    rejects({ functions: { f: { handler: './a.h', timeout: 0 } } }, /functions\.f\.timeout: must be a whole number of seconds from 1 to 900, got 0/)
    rejects({ functions: { f: { handler: './a.h', timeout: 2.5 } } }, /functions\.f\.timeout/)
    rejects({ functions: { f: { handler: './a.h', memorySize: 20000 } } }, /functions\.f\.memorySize: must be a whole number of MB from 16 to 10240, got 20000/)
    rejects({ functions: { f: { handler: './a.h', reservedConcurrency: -1 } } }, /functions\.f\.reservedConcurrency/)
    rejects({ functions: { f: { handler: './a.h', environment: { A: 1 } } } }, /functions\.f\.environment\.A: must be a string, got 1/)
    rejects({ functions: { f: { handler: './a.h', environment: { '1A': 'x' } } } }, /functions\.f\.environment\.1A: a variable name starts with a letter/)
    rejects({ functions: { f: { handler: './a.h', environment: { A: 'x'.repeat(5000) } } } }, /functions\.f\.environment: the variables total 5001 bytes; Lambda allows 4 KB/)
  })

  test('versions and aliases', () => {
    rejects({ functions: { f: { handler: './a.h', versions: { latest: {} } } } }, /functions\.f\.versions\.latest: a version is a positive whole number/)
    rejects({ functions: { f: { handler: './a.h', versions: { '1': { code: 'x' } } } } }, /functions\.f\.versions\.1\.code: unknown key/)
    rejects({ functions: { f: { handler: './a.h', aliases: { live: '2' } } } }, /functions\.f\.aliases\.live: points at version "2", which functions\.f\.versions does not define/)
    rejects({ functions: { f: { handler: './a.h', aliases: { '12': '$LATEST' } } } }, /functions\.f\.aliases\.12: an alias name/)
  })

  test('lambda endpoint', () => {
    rejects({ lambda: {} }, /lambda\.endpoint: is required/)
    rejects({ lambda: { endpoint: 'lambda.local' } }, /lambda\.endpoint: must be an http\(s\) URL, got "lambda\.local"/)
    rejects({ lambda: { endpoint: 'http://x', accessKeyId: 'A' } }, /lambda\.secretAccessKey: accessKeyId and secretAccessKey go together/)
    rejects({ lambda: { endpoint: 'http://x', token: 'A' } }, /lambda\.token: unknown key/)
  })

  test('local runtime bounds', () => {
    rejects({ localRuntime: 4 }, /localRuntime: must be an object with any of concurrentExecutions, unreservedConcurrency, concurrentStarts, maxQueuedInvocations, maxQueueWaitMs/)
    rejects({ localRuntime: { concurrency: 4 } }, /localRuntime\.concurrency: unknown key/)
    rejects({ localRuntime: { concurrentExecutions: 0 } }, /localRuntime\.concurrentExecutions: must be a whole number ≥ 1, got 0/)
    rejects({ localRuntime: { concurrentStarts: 1.5 } }, /localRuntime\.concurrentStarts: must be a whole number ≥ 1, got 1\.5/)
    rejects({ localRuntime: { maxQueueWaitMs: -1 } }, /localRuntime\.maxQueueWaitMs: must be a whole number ≥ 0, got -1/)
    validateConfigFile({ localRuntime: { maxQueuedInvocations: 0, maxQueueWaitMs: 0 } })
  })
})

describe('loading and writing', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'portico-config-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  test('no file → no functions; an explicit missing --config is an error', async () => {
    assert.deepEqual((await loadConfigFile({ cwd: dir })).functions, {})
    await assert.rejects(loadConfigFile({ cwd: dir, path: 'nope.json' }), /nope\.json: no such config file/)
  })

  test('YAML in the working directory, handlers resolved against the file, defaults filled in', async () => {
    await writeFile(
      join(dir, 'portico.config.yaml'),
      'functions:\n  api:\n    handler: ./src/app.handler\n    versions:\n      "1": { handler: ./v1/app.handler }\n    aliases:\n      live: "1"\nlambda:\n  endpoint: http://localhost:9001\n',
    )
    const config = await loadConfigFile({ cwd: dir })
    assert.equal(config.path, join(dir, 'portico.config.yaml'))
    const api = config.functions.api!
    assert.equal(api.latest.handler, join(dir, 'src/app.handler'))
    assert.equal(api.timeout, 3)
    assert.equal(api.memorySize, 128)
    assert.equal(api.versions['1']!.handler, join(dir, 'v1/app.handler'))
    assert.equal(config.lambda?.endpoint, 'http://localhost:9001')
    assert.equal(config.localRuntime, undefined, 'the runtime fills in its own defaults')
    const registry = createFunctionRegistry(config)
    assert.equal(registry.resolve('api', 'live')?.version, '1')
    assert.equal(registry.resolve('api', 'live')?.handler, join(dir, 'v1/app.handler'))
    assert.equal(registry.resolve('api', '$LATEST')?.version, '$LATEST')
    assert.equal(registry.resolve('api', 'dead'), undefined)
  })

  test('localRuntime is kept as written; the runtime resolves the rest', async () => {
    await writeFile(join(dir, 'bounds.json'), JSON.stringify({ functions: {}, localRuntime: { concurrentStarts: 1, maxQueueWaitMs: 250 } }))
    const config = await loadConfigFile({ cwd: dir, path: 'bounds.json' })
    assert.deepEqual(config.localRuntime, { concurrentStarts: 1, maxQueueWaitMs: 250 })
    const limits = resolveRuntimeLimits(config.localRuntime)
    assert.deepEqual(limits, { concurrentExecutions: 128, unreservedConcurrency: 64, concurrentStarts: 1, maxQueuedInvocations: 256, maxQueueWaitMs: 250 })
    assert.ok(Object.isFrozen(limits))
    assert.ok(resolveRuntimeLimits().concurrentStarts >= 2)
  })

  test('invalid JSON names the file', async () => {
    await writeFile(join(dir, 'broken.json'), '{ "functions": ')
    await assert.rejects(loadConfigFile({ cwd: dir, path: 'broken.json' }), /broken\.json: not valid JSON/)
  })

  test('writeConfigFile round-trips and refuses invalid contents', async () => {
    const path = join(dir, 'out.json')
    await writeConfigFile(path, { functions: { a: { handler: './a.handler', timeout: 10 } } })
    assert.deepEqual(JSON.parse(await readFile(path, 'utf8')), { functions: { a: { handler: './a.handler', timeout: 10 } } })
    await assert.rejects(writeConfigFile(path, { functions: { a: { handler: './a.handler', timeout: 1000 } } }), ConfigFileError)
  })
})

test('function references: names, partial and full ARNs', () => {
  assert.deepEqual(parseFunctionReference('my-fn'), { name: 'my-fn', qualifier: undefined })
  assert.deepEqual(parseFunctionReference('my-fn:live'), { name: 'my-fn', qualifier: 'live' })
  assert.deepEqual(parseFunctionReference('function:my-fn:$LATEST'), { name: 'my-fn', qualifier: '$LATEST' })
  assert.deepEqual(parseFunctionReference('123456789012:function:my-fn'), { name: 'my-fn', qualifier: undefined, accountId: '123456789012' })
  assert.deepEqual(parseFunctionReference('arn:aws:lambda:eu-west-1:123456789012:function:my-fn:7'), {
    region: 'eu-west-1',
    accountId: '123456789012',
    name: 'my-fn',
    qualifier: '7',
  })
  assert.equal(parseFunctionReference('arn:aws:s3:::bucket'), undefined)
})
