import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { SignatureV4 } from '@smithy/signature-v4'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after } from 'node:test'
import { APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { startPortico, type Portico, type StartOptions } from '../../src/main.ts'
import { resolveConfig } from '../../src/config.ts'
import { loadConfigFile } from '../../src/config-file.ts'
import { awsCli, type AwsCliResult } from '../support/aws-cli.ts'
import { serveFile } from '../support/serve-file.ts'
import { mockApi } from '../embed/mock-api.ts'
import { afterPrepared, useStarted, type SuiteSetup } from '../support/use-started.ts'

export const ACCESS_KEY_ID = 'AKIAPORTICOTEST00001'
export const SECRET_ACCESS_KEY = 'portico/test/secret/0000000000000000000000'

export interface Harness {
  portico: Portico
  client: APIGatewayClient
  /** where the management API answers: Portico's own URL */
  endpoint: string
  dir: string
  close(): Promise<void>
}

export type HarnessSettings = Record<string, string | number | boolean | undefined>

/**
 * Portico on port 0 with a fresh data directory and known admin credentials, plus an SDK client
 * for it. `overrides.dataDir` names an existing data directory instead (a restart, a second
 * process of a fleet): it stays when the harness closes.
 */
export async function startHarness(overrides: HarnessSettings = {}, options: StartOptions = {}): Promise<Harness> {
  const given = typeof overrides.dataDir === 'string' ? overrides.dataDir : undefined
  const dir = given ?? mkdtempSync(join(tmpdir(), 'portico-mgmt-'))
  const portico = await startPortico(
    resolveConfig({ port: 0, adminAccessKeyId: ACCESS_KEY_ID, adminSecretAccessKey: SECRET_ACCESS_KEY, ...overrides, dataDir: dir }, {}),
    options,
  )
  // the admin pair given, or the one generated when the settings unset it; the management API's
  // own listener when there is one (`adminPort`), else the shared port (adminUrl is url then)
  const client = sdkClient(portico.adminUrl, { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey })
  return {
    portico,
    client,
    endpoint: portico.adminUrl,
    dir,
    async close() {
      client.destroy()
      await portico.close()
      if (given === undefined) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export { useStarted, afterPrepared, type SuiteSetup } from '../support/use-started.ts'

export interface UseHarnessOptions extends StartOptions {
  /** a config file (portico.config.json/.yaml) read as `functions` when the suite starts */
  configFile?: string
  /**
   * What the Portico needs before it starts (a backend or an issuer its config names, a config file
   * to write), run in the same `before` just ahead of the start, so it never races it; what it
   * returns, when a function, runs after the Portico closed.
   */
  prepare?: () => unknown
  /** the suite's own set-up, after the Portico started (useStarted) */
  setup?: SuiteSetup<Harness>
}

/** The one way a test file gets a Portico: `startHarness` for the enclosing suite (useStarted). */
export function useHarness(overrides: HarnessSettings = {}, options: UseHarnessOptions = {}): Harness {
  return useStarted(() => afterPrepared(options.prepare, async () => {
    // the start options are read when the suite starts, not now: a getter among them (a config naming a
    // port a `before` of the suite's or `prepare` opens) sees what it did
    const { setup: _setup, prepare: _prepare, configFile, ...startOptions } = options
    return startHarness(overrides, configFile === undefined ? startOptions : { ...startOptions, functions: await loadConfigFile({ path: configFile }) })
  }), options.setup)
}

/**
 * The embed tests' mock pets API (embed/mock-api.ts) written to `h.dir` and served on stage
 * `dev`, settled: its id and the stage's URL. For a suite's `setup`.
 */
export async function serveMockPets(h: Harness): Promise<{ apiId: string; stageUrl: string }> {
  const file = join(h.dir, 'pets.json')
  writeFileSync(file, JSON.stringify(mockApi()))
  const { apiId } = await serveFile(h.portico, file, 'dev')
  await h.portico.settled()
  return { apiId, stageUrl: `${h.portico.url}/_aws/execute-api/${apiId}/dev` }
}

/** The AWS CLI against one Portico: see useAwsCli. */
export interface AwsCliSession<R> {
  /** the CLI's working directory and HOME, removed after the suite: files passed as `fileb://` go here */
  work: string
  /** one `aws <service> …` call with the Portico's admin pair; its exit code, stdout and stderr */
  aws(...args: string[]): Promise<AwsCliResult>
  /** one call that must succeed (exit code 0), its JSON output parsed (`{}` when it prints nothing) */
  awsJson(...args: string[]): Promise<R>
}

/**
 * The AWS CLI (`aws apigateway` or `aws apigatewayv2`, on PATH) pointed at `harness` with its
 * admin pair, in a fresh directory (prefix `prefix`) removed in the enclosing suite's `after`.
 * `harness` is read at call time only, so a useHarness/useTestPortico result fits.
 */
export function useAwsCli<R = Record<string, unknown>>(harness: Harness, service: 'apigateway' | 'apigatewayv2', prefix: string): AwsCliSession<R> {
  const work = mkdtempSync(join(tmpdir(), prefix))
  after(() => {
    rmSync(work, { recursive: true, force: true })
  })
  const aws = (...args: string[]): Promise<AwsCliResult> =>
    awsCli({ endpoint: harness.endpoint, accessKeyId: harness.portico.admin.accessKeyId, secretAccessKey: harness.portico.admin.secretAccessKey, dir: work }, service, ...args)
  const awsJson = async (...args: string[]): Promise<R> => {
    const r = await aws(...args)
    assert.equal(r.code, 0, `aws ${service} ${args.join(' ')} failed: ${r.stderr}`)
    return (r.stdout.trim() === '' ? {} : JSON.parse(r.stdout)) as R
  }
  return { work, aws, awsJson }
}

export function sdkClient(endpoint: string, credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY }): APIGatewayClient {
  return new APIGatewayClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 })
}

/** Runs `fn`, expecting an SDK error; returns it. */
export async function sdkError(fn: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  try {
    await fn()
  } catch (error) {
    return error as { name: string; message: string; $metadata: { httpStatusCode?: number } }
  }
  throw new Error('expected the call to fail')
}

/** node:crypto in the shape @smithy/signature-v4 wants: an independent signer for hand-made requests. */
export class Sha256 {
  readonly #hash
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(toBytes(data))
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.#hash.digest()))
  }
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  return new Uint8Array(data)
}

/** SigV4 headers for a hand-made request (region eu-west-1: any region is accepted). */
export async function signedHeaders(
  url: string,
  method: string,
  body: string,
  opts: { secret?: string; accessKeyId?: string; date?: Date } = {},
): Promise<Record<string, string>> {
  const u = new URL(url)
  const signer = new SignatureV4({
    service: 'apigateway',
    region: 'eu-west-1',
    sha256: Sha256,
    credentials: { accessKeyId: opts.accessKeyId ?? ACCESS_KEY_ID, secretAccessKey: opts.secret ?? SECRET_ACCESS_KEY },
  })
  const query: Record<string, string> = {}
  for (const [k, v] of u.searchParams) query[k] = v
  const signed = await signer.sign(
    { method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query, headers: { host: u.host, 'content-type': 'application/json' }, body },
    ...(opts.date ? [{ signingDate: opts.date }] : []),
  )
  return signed.headers as Record<string, string>
}

/** A presigned (query-form SigV4) GET URL. */
export async function presignedUrl(url: string): Promise<string> {
  const u = new URL(url)
  const signer = new SignatureV4({ service: 'apigateway', region: 'us-west-2', sha256: Sha256, credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY } })
  const query: Record<string, string> = {}
  for (const [k, v] of u.searchParams) query[k] = v
  const signed = await signer.presign({ method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query, headers: { host: u.host } })
  const out = new URL(u.origin + u.pathname)
  for (const [k, v] of Object.entries(signed.query ?? {})) out.searchParams.set(k, String(v))
  return out.href
}
