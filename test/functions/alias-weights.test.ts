/**
 * Lambda alias weights in the local runtime (issue 19, item 6): the version each invocation
 * through a weighted alias runs shows in `context.functionVersion`, `AWS_LAMBDA_FUNCTION_VERSION`,
 * the START line of its log and `executedVersion` (X-Amz-Executed-Version), while the ARN keeps
 * the alias; the config file refuses what Lambda refuses; a reload applies new aliases and
 * functions to the next invocation.
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { resolveConfigFile, validateConfigFile, type FunctionConfig } from '../../src/config-file.ts'
import { createFunctionRegistry } from '../../src/functions/registry.ts'
import { createLocalRuntime } from '../../src/functions/local-runtime.ts'
import { pickVersion, resolveAlias } from '../../src/functions/alias-routing.ts'
import { FIXTURES, LOCATION, invoke } from './runtime-fixture.ts'

const configOf = (functions: Record<string, FunctionConfig>) => resolveConfigFile({ functions }, `${FIXTURES}/portico.config.json`)
const weighted: FunctionConfig = { handler: './esm.echo', versions: { '1': {}, '2': { environment: { GREETING: 'v2' } } }, aliases: { live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.25 } } } } }

describe('alias weights', { timeout: 60_000 }, () => {
  /** draws below 0.25 pick version 2 */
  const draws = [0.1, 0.9, 0.24, 0.25, 0.6]
  let i = 0
  const runtime = createLocalRuntime({ registry: createFunctionRegistry(configOf({ echo: weighted }), () => draws[i++ % draws.length]!), location: LOCATION, hotReload: false })
  after(() => runtime.close())

  test('each invocation through the alias runs the version its draw picks, reported everywhere but the ARN', async () => {
    const versions: string[] = []
    for (let n = 0; n < draws.length; n++) {
      const result = await invoke(runtime, 'echo', {}, { qualifier: 'live' })
      const payload = result.payload as { env: Record<string, string>; context: Record<string, string> }
      versions.push(result.executedVersion!)
      assert.equal(payload.context.functionVersion, result.executedVersion)
      assert.equal(payload.env.AWS_LAMBDA_FUNCTION_VERSION, result.executedVersion)
      assert.equal(payload.context.invokedFunctionArn, 'arn:aws:lambda:eu-west-1:111122223333:function:echo:live')
      assert.match(result.logs[0]!, new RegExp(`^START RequestId: \\S+ Version: ${result.executedVersion}$`))
    }
    assert.deepEqual(versions, ['2', '1', '2', '1', '1'])
  })

  test('a reload applies new aliases and functions to the next invocation', async () => {
    runtime.reload(createFunctionRegistry(configOf({ echo: { ...weighted, aliases: { live: '2' } }, other: { handler: './esm.echo' } })))
    assert.equal((await invoke(runtime, 'echo', {}, { qualifier: 'live' })).executedVersion, '2')
    assert.equal((await invoke(runtime, 'other')).executedVersion, '$LATEST')
  })

  test('an environment change retires the version\'s workers; the next invocation sees it', async () => {
    const before = (await invoke(runtime, 'echo', {}, { qualifier: '2' })).payload as { env: Record<string, string> }
    assert.equal(before.env.GREETING, 'v2')
    runtime.reload(createFunctionRegistry(configOf({ echo: { ...weighted, versions: { '1': {}, '2': { environment: { GREETING: 'v2-edited' } } } } })))
    const after = (await invoke(runtime, 'echo', {}, { qualifier: '2' })).payload as { env: Record<string, string> }
    assert.equal(after.env.GREETING, 'v2-edited')
  })
})

describe('alias routing rules (as Lambda)', () => {
  const rejects = (aliases: unknown, pattern: RegExp) =>
    assert.throws(() => validateConfigFile({ functions: { f: { handler: './a.h', versions: { '1': {}, '2': {}, '3': {} }, aliases } } }), pattern)

  test('weights are 0 to 1, for one other published version', () => {
    validateConfigFile({ functions: { f: { handler: './a.h', versions: { '1': {}, '2': {} }, aliases: { live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 1 } } } } } } })
    rejects({ live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 1.5 } } } }, /aliases\.live\.routingConfig\.additionalVersionWeights\.2: a weight is a number from 0\.0 to 1\.0, got 1\.5/)
    rejects({ live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.1, '3': 0.1 } } } }, /at most 1 additional version/)
    rejects({ live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { '1': 0.1 } } } }, /must differ from functionVersion/)
    rejects({ live: { functionVersion: '1', routingConfig: { additionalVersionWeights: { $LATEST: 0.1 } } } }, /must be one of functions\.f\.versions/)
    rejects({ live: { functionVersion: '$LATEST', routingConfig: { additionalVersionWeights: { '2': 0.1 } } } }, /must point at a published version, not \$LATEST/)
    rejects({ live: { functionVersion: '9' } }, /aliases\.live\.functionVersion: points at version "9"/)
    rejects({ live: { version: '1' } }, /aliases\.live\.version: unknown key/)
  })

  test('pickVersion: the additional version below its weight, the alias\'s own above', () => {
    const alias = resolveAlias({ functionVersion: '1', routingConfig: { additionalVersionWeights: { '2': 0.1 } } })
    assert.equal(pickVersion(alias, () => 0.0999), '2')
    assert.equal(pickVersion(alias, () => 0.1), '1')
    assert.equal(pickVersion(resolveAlias('3'), () => 0), '3')
  })
})
