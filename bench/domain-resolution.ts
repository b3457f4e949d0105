/**
 * What custom-domain resolution costs per request (issue 16 goal: < 1 µs added), in-process:
 * ResolutionTable.resolve for an `{apiId}.execute-api` Host against a custom domain's Host with
 * 50 domains of 3 base path mappings each, the longest mapping matched. Bounded in time.
 *
 *   node --import tsx bench/domain-resolution.ts [--ms 1500]
 */
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { PlanRegistry } from '../src/data/plan-registry.ts'
import type { DomainMapping } from '../src/data/resolve.ts'
import { API_ID, apiDefinition, plan } from '../test/data/fixtures.ts'

const { values } = parseArgs({ options: { ms: { type: 'string', default: '1500' } } })
const budgetMs = Number(values.ms)

const registry = new PlanRegistry()
registry.set(API_ID, 'prod', plan(apiDefinition({ '/pets': ['GET'] })))
const domains: DomainMapping[] = []
for (let i = 0; i < 50; i++) {
  for (const basePath of ['', 'v1', 'v1/admin']) domains.push({ domainName: `api${i}.example.test`, basePath, apiId: API_ID, stageName: 'prod' })
}
registry.setDomains(domains)
const table = registry.table()

/** ns per call of `fn`, running it for `budgetMs` */
function measure(fn: () => unknown): number {
  let calls = 0
  const start = performance.now()
  while (performance.now() - start < budgetMs) {
    for (let i = 0; i < 10_000; i++) fn()
    calls += 10_000
  }
  return ((performance.now() - start) * 1e6) / calls
}

const executeApi = measure(() => table.resolve(`${API_ID}.execute-api.localhost:4566`, '/prod/pets'))
const viaDomain = measure(() => table.resolve('api37.example.test:4443', '/v1/admin/pets'))
const domainFacts = measure(() => table.domainFor('api37.example.test:4443'))
console.log(`execute-api host      ${executeApi.toFixed(0)} ns/request`)
console.log(`custom domain + path  ${viaDomain.toFixed(0)} ns/request (+ domainFor ${domainFacts.toFixed(0)} ns)`)
console.log(`added by the domain   ${(viaDomain + domainFacts - executeApi).toFixed(0)} ns (goal < 1000)`)
