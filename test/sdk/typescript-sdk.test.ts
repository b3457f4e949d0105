/**
 * GetSdk `typescript`: the generated module passes `tsc --strict` together with a program that
 * uses it, and that program runs against the live stage (parameters, SigV4, x-api-key).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { API_KEY, SIGNER, fetchSdk, run, useSdkFixture } from './sdk-harness.ts'

const f = useSdkFixture()

const PROGRAM = `import { ApiError, SdkPetsClient, type Pet } from './client.js'

const plain = new SdkPetsClient()
const got = await plain.petsPetIdGet({ petId: 'rex 1', color: 'red', 'x-trace': 'abc' })
const pet: Pet | undefined = got.data
let unkeyed = 0
try {
  await plain.keyedGet()
} catch (e) {
  if (e instanceof ApiError) unkeyed = e.response.status
}
const keyed = await new SdkPetsClient({ apiKey: process.env.API_KEY }).keyedGet()
const signed = new SdkPetsClient({ credentials: { accessKeyId: process.env.AK ?? '', secretAccessKey: process.env.SK ?? '' } })
const body: Pet = { name: 'rex', age: 3, tags: ['good'] }
const created = await signed.petsPost(body)
console.log(JSON.stringify({ get: got.data, petType: typeof pet, unkeyed, keyed: keyed.data, created: created.data }))
`

describe('GetSdk typescript', () => {
  it('type-checks with tsc --strict and runs against the live stage', async () => {
    const { dir } = await fetchSdk(f, 'typescript')
    const root = join(dir, 'apiGateway-ts-sdk')
    const client = readFileSync(join(root, 'src/client.ts'), 'utf8')
    assert.match(client, /export type Pet = \{ \/\*\* What the pet answers to \*\/ name: string; age\?: number; tags\?: Array<string> \}/)
    assert.match(client, /\* Fetch one pet/)
    writeFileSync(join(root, 'src/program.ts'), PROGRAM)
    // the generated package's one dependency (@smithy/signature-v4) and tsc, from Portico's own node_modules
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir')
    const tsc = await run(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json'), '--noEmit', '--strict'], { timeout: 120_000 }).catch((e: { stdout: string }) => e)
    assert.equal((tsc as { stdout: string }).stdout, '', 'tsc --strict reports nothing')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'src/program.ts')], {
      cwd: root,
      timeout: 60_000,
      env: { PATH: process.env.PATH, API_KEY, AK: SIGNER.accessKeyId, SK: SIGNER.secretAccessKey, NODE_PATH: resolve('node_modules') },
    })
    const out = JSON.parse(stdout) as Record<string, unknown>
    assert.deepEqual(out, {
      get: { petId: 'rex 1', color: 'red', trace: 'abc' },
      petType: 'object',
      unkeyed: 403,
      keyed: { keyed: true },
      created: { caller: SIGNER.accessKeyId, created: true },
    })
  })
})
