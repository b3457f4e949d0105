/**
 * Canary through Lambda alias weights (issue 19, item 6) and functions added while Portico runs
 * (item 5), as a user does it: a config file, `portico serve`, an API built with the AWS CLI
 * whose AWS_PROXY integration calls `function:api:live`, then `portico function alias … --weight`
 * and `portico function add` against the running server, with no restart and no new deployment.
 *
 * The split is checked over 1,000 invocations against a bound that cannot flake: with weight 0.1
 * the count of version 2 is Binomial(1000, 0.1), mean 100 and σ ≈ 9.5; the test allows ±6σ (57).
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { porticoAsync, usePorticoServe } from '../support/cli.ts'
import { awsApigateway } from '../support/aws-cli.ts'

const credentials = { accessKeyId: 'AKIAPORTICOALIASES01', secretAccessKey: 'portico/alias/weights/secret/000000000000' }
const work = mkdtempSync(join(tmpdir(), 'portico-alias-weights-'))
const configPath = join(work, 'portico.config.json')
let base: string

const INVOCATIONS = 1000
const WEIGHT = 0.1
const SIX_SIGMA = 6 * Math.sqrt(INVOCATIONS * WEIGHT * (1 - WEIGHT))

interface Seen {
  envVersion: string
  contextVersion: string
  arn: string
}

async function aws(...args: string[]): Promise<Record<string, any>> {
  const result = await awsApigateway({ endpoint: server.url, ...credentials, dir: work }, ...args)
  assert.equal(result.code, 0, result.stderr)
  return result.stdout.trim() === '' ? {} : (JSON.parse(result.stdout) as Record<string, any>)
}

async function cli(...args: string[]): Promise<string> {
  const run = await porticoAsync(['function', ...args, '--config', configPath])
  assert.equal(run.code, 0, run.stderr)
  return run.stdout
}

/** Calls `path` until `done` holds for the answer (the server has read the edited file), at most 20 s. */
async function until(path: string, done: (status: number, body: string) => boolean): Promise<void> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const res = await fetch(base + path)
    const body = await res.text()
    if (done(res.status, body)) return
    if (Date.now() > deadline) assert.fail(`no change seen on ${path} within 20 s; last answer ${res.status} ${body}`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const server = usePorticoServe(
  ['--port', '0', '--data-dir', join(work, 'data')],
  { PORTICO_CONFIG: configPath, PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey },
  {
    prepare: () => {
      writeFileSync(
        join(work, 'app.mjs'),
        `export const handler = async (event, context) => {
  console.log('running', process.env.AWS_LAMBDA_FUNCTION_VERSION)
  return { statusCode: 200, body: JSON.stringify({ envVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION, contextVersion: context.functionVersion, arn: context.invokedFunctionArn }) }
}\n`,
      )
      writeFileSync(configPath, JSON.stringify({ functions: { api: { handler: './app.handler', versions: { '1': {}, '2': {} }, aliases: { live: '1' } } } }))
      return () => rmSync(work, { recursive: true, force: true })
    },
    setup: async () => {
      const api = (await aws('create-rest-api', '--name', 'canary')).id as string
      const root = (await aws('get-resources', '--rest-api-id', api)).items[0].id as string
      for (const [part, fn] of [
        ['live', 'api:live'],
        ['added', 'added'],
      ] as const) {
        const resource = (await aws('create-resource', '--rest-api-id', api, '--parent-id', root, '--path-part', part)).id as string
        await aws('put-method', '--rest-api-id', api, '--resource-id', resource, '--http-method', 'GET', '--authorization-type', 'NONE')
        const uri = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`
        await aws('put-integration', '--rest-api-id', api, '--resource-id', resource, '--http-method', 'GET', '--type', 'AWS_PROXY', '--integration-http-method', 'POST', '--uri', uri)
      }
      await aws('create-deployment', '--rest-api-id', api, '--stage-name', 'prod')
      base = `${server.url}/_aws/execute-api/${api}/prod`
    },
  },
)

describe('Lambda alias weights and functions added while Portico runs', { timeout: 120_000 }, () => {
  it('an alias without weights runs its version', async () => {
    const res = await fetch(`${base}/live`)
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { envVersion: '1', contextVersion: '1', arn: 'arn:aws:lambda:us-east-1:123456789012:function:api:live' })
  })

  it('`portico function alias --weight 2=0.1` splits the next 1,000 invocations ~10% to version 2, with no redeploy', async () => {
    const said = await cli('alias', 'api', 'live', '--version', '1', '--weight', `2=${WEIGHT}`)
    assert.match(said, /Updated alias api:live → 1 \(2: 10%\)/)
    await until('/live', (status, body) => status === 200 && (JSON.parse(body) as Seen).envVersion === '2')
    const counts = new Map<string, number>()
    let next = 0
    const worker = async () => {
      while (next < INVOCATIONS) {
        next++
        const res = await fetch(`${base}/live`)
        assert.equal(res.status, 200)
        const seen = (await res.json()) as Seen
        // the handler sees the alias in its ARN and the version it runs everywhere else
        assert.equal(seen.arn, 'arn:aws:lambda:us-east-1:123456789012:function:api:live')
        assert.equal(seen.contextVersion, seen.envVersion)
        counts.set(seen.envVersion, (counts.get(seen.envVersion) ?? 0) + 1)
      }
    }
    await Promise.all(Array.from({ length: 4 }, worker))
    const v2 = counts.get('2') ?? 0
    assert.equal(v2 + (counts.get('1') ?? 0), INVOCATIONS)
    assert.ok(Math.abs(v2 - INVOCATIONS * WEIGHT) <= SIX_SIGMA, `version 2 ran ${v2} of ${INVOCATIONS} times; expected ${INVOCATIONS * WEIGHT} ± ${SIX_SIGMA.toFixed(0)}`)
  })

  it('moving all traffic to version 2 takes effect the same way', async () => {
    await cli('alias', 'api', 'live', '--version', '2')
    // the weighted alias still sends ~10 % to version 2: only a run of 30 answers from it (a 10⁻³⁰
    // chance under the old weights) shows the new alias in effect
    let inARow = 0
    await until('/live', (status, body) => (inARow = status === 200 && (JSON.parse(body) as Seen).envVersion === '2' ? inARow + 1 : 0) >= 30)
    for (let i = 0; i < 20; i++) assert.equal(((await (await fetch(`${base}/live`)).json()) as Seen).envVersion, '2')
  })

  it('`portico function add` against the running server: the new function answers without a restart', async () => {
    const before = await fetch(`${base}/added`)
    assert.equal(before.status, 500)
    await before.arrayBuffer()
    await cli('add', 'added', '--handler', join(work, 'app.handler'))
    await until('/added', (status) => status === 200)
    assert.deepEqual(await (await fetch(`${base}/added`)).json(), { envVersion: '$LATEST', contextVersion: '$LATEST', arn: 'arn:aws:lambda:us-east-1:123456789012:function:added' })
  })
})
