/**
 * Management API benchmark: `portico serve` (from dist/) as a child process, driven through
 * @aws-sdk/client-api-gateway from this process, sequentially.
 *   1. reads on a 1,000-resource API: GetRestApi, GetResources (limit 500), GetResource,
 *      GetMethod, GetStages — median and p99 over --reads calls each. Goal: < 5 ms median.
 *      GetResources also as a bare signed fetch: the SDK's parsing of ~50 KB is most of its time.
 *   2. deploy to serving on a 300-resource API: CreateDeployment (new stage variable `gen`) →
 *      the first 200 whose body carries the new `gen`, while --clients loops of GETs hit the
 *      stage; every non-200 is a failure. Goal: < 200 ms, 0 failures.
 *
 *   npm run build && node --import tsx bench/management.ts [--reads 300] [--deploys 15] [--clients 4]
 *
 * Only loopback is targeted; every loop is bounded in count and time.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  GetMethodCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  ImportRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import { SignatureV4 } from '@smithy/signature-v4'
import { Sha256 } from '../test/control/harness.ts'
import { wideApi } from './support/apis.ts'

const { values } = parseArgs({
  options: {
    reads: { type: 'string', default: '300' },
    deploys: { type: 'string', default: '15' },
    clients: { type: 'string', default: '4' },
  },
})
const reads = Number(values.reads)
const deploys = Number(values.deploys)
const clients = Number(values.clients)
const root = new URL('..', import.meta.url).pathname
const scratch = mkdtempSync(join(tmpdir(), 'portico-mgmt-bench-'))
const credentials = { accessKeyId: 'AKIAPORTICOBENCH0001', secretAccessKey: 'portico/bench/secret/00000000000000000000' }
let child: ChildProcess | undefined

function startServe(): Promise<string> {
  child = spawn(process.execPath, ['bin/portico.js', 'serve', '--port', '0', '--data-dir', join(scratch, 'data')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId, PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey },
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`portico serve did not start in 20 s:\n${out}`)), 20_000)
    child!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child!.on('exit', (code) => reject(new Error(`portico serve exited with ${code}:\n${out}`)))
  })
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

async function timed(n: number, call: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(20, n); i++) await call() // warm-up
  const ms: number[] = []
  const deadline = Date.now() + 60_000
  for (let i = 0; i < n && Date.now() < deadline; i++) {
    const t0 = performance.now()
    await call()
    ms.push(performance.now() - t0)
  }
  ms.sort((a, b) => a - b)
  return { p50: quantile(ms, 0.5), p99: quantile(ms, 0.99) }
}

const signer = new SignatureV4({ service: 'apigateway', region: 'us-east-1', sha256: Sha256, credentials })

/** one signed GET over fetch, the body read as text: the server's time without the SDK's parsing */
async function rawGet(url: string): Promise<void> {
  const u = new URL(url)
  const query = Object.fromEntries(u.searchParams)
  const signed = await signer.sign({ method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query, headers: { host: u.host } })
  const res = await fetch(url, { headers: signed.headers })
  if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`)
  await res.text()
}

async function importApi(client: APIGatewayClient, document: object): Promise<string> {
  const api = await client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(document)) }))
  return api.id!
}

try {
  const url = await startServe()
  const client = new APIGatewayClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 })

  // 1. reads
  const wideId = await importApi(client, wideApi(1000))
  await client.send(new CreateDeploymentCommand({ restApiId: wideId, stageName: 'dev' }))
  const page = await client.send(new GetResourcesCommand({ restApiId: wideId, limit: 500 }))
  const resource = page.items!.find((r) => r.path === '/r500') ?? page.items!.at(-1)!
  const rows: Array<[string, { p50: number; p99: number }]> = []
  rows.push(['GetRestApi', await timed(reads, () => client.send(new GetRestApiCommand({ restApiId: wideId })))])
  rows.push(['GetResources (limit 500)', await timed(reads, () => client.send(new GetResourcesCommand({ restApiId: wideId, limit: 500 })))])
  rows.push(['GetResources (limit 500), signed fetch without the SDK', await timed(reads, () => rawGet(`${url}/restapis/${wideId}/resources?limit=500`))])
  rows.push(['GetResource', await timed(reads, () => client.send(new GetResourceCommand({ restApiId: wideId, resourceId: resource.id! })))])
  rows.push(['GetMethod', await timed(reads, () => client.send(new GetMethodCommand({ restApiId: wideId, resourceId: resource.id!, httpMethod: 'GET' })))])
  rows.push(['GetStages', await timed(reads, () => client.send(new GetStagesCommand({ restApiId: wideId })))])
  console.log(`\nmanagement reads, 1,000-resource API, ${reads} sequential calls each (SDK → portico serve)\n`)
  console.log('| operation | p50 ms | p99 ms | goal p50 < 5 ms |')
  console.log('|---|---:|---:|---|')
  for (const [name, r] of rows) console.log(`| ${name} | ${r.p50.toFixed(2)} | ${r.p99.toFixed(2)} | ${r.p50 < 5 ? 'met' : 'missed'} |`)

  // 2. deploy to serving under load
  const deployId = await importApi(client, wideApi(300, (i) => `{"resource": ${i}, "gen": "$stageVariables.gen"}`))
  await client.send(new CreateDeploymentCommand({ restApiId: deployId, stageName: 'dev', variables: { gen: '0' } }))
  const stageUrl = `${url}/_aws/execute-api/${deployId}/dev`
  let running = true
  let served = 0
  const failures: string[] = []
  const loadDeadline = Date.now() + 120_000
  const loops = Array.from({ length: clients }, async (_, c) => {
    for (let i = 0; running && Date.now() < loadDeadline; i++) {
      const res = await fetch(`${stageUrl}/r${(c * 37 + i) % 300}`).catch((error: Error) => error)
      if (res instanceof Error) failures.push(res.message)
      else {
        if (res.status !== 200) failures.push(`${res.status} ${await res.text()}`)
        else await res.arrayBuffer()
        served++
      }
    }
  })
  const toServing: number[] = []
  const createMs: number[] = []
  for (let gen = 1; gen <= deploys; gen++) {
    const t0 = performance.now()
    await client.send(new CreateDeploymentCommand({ restApiId: deployId, stageName: 'dev', variables: { gen: String(gen) } }))
    createMs.push(performance.now() - t0)
    const deadline = Date.now() + 10_000
    for (;;) {
      if (Date.now() > deadline) throw new Error(`deployment ${gen} not served within 10 s`)
      const res = await fetch(`${stageUrl}/r299`)
      const body = await res.text()
      if (res.status === 200 && body.includes(`"gen": "${gen}"`)) break
    }
    toServing.push(performance.now() - t0)
  }
  running = false
  await Promise.all(loops)
  client.destroy()
  toServing.sort((a, b) => a - b)
  createMs.sort((a, b) => a - b)
  console.log(`\ndeploy to serving, 300-resource API, ${deploys} deployments, ${clients} client loops on the stage meanwhile\n`)
  console.log('| measure | median ms | max ms | goal |')
  console.log('|---|---:|---:|---|')
  console.log(`| CreateDeployment answered | ${quantile(createMs, 0.5).toFixed(1)} | ${createMs.at(-1)!.toFixed(1)} | |`)
  console.log(`| CreateDeployment → first 200 from it | ${quantile(toServing, 0.5).toFixed(1)} | ${toServing.at(-1)!.toFixed(1)} | < 200 ms: ${toServing.at(-1)! < 200 ? 'met (max)' : quantile(toServing, 0.5) < 200 ? 'met (median)' : 'missed'} |`)
  console.log(`| requests served during the deploys / failed | ${served} | ${failures.length} | 0 failed: ${failures.length === 0 ? 'met' : 'missed'} |`)
  if (failures.length > 0) console.log('first failures:', failures.slice(0, 3))
} finally {
  child?.kill('SIGTERM')
  rmSync(scratch, { recursive: true, force: true })
}
