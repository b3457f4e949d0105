/**
 * SDK generation and documentation benchmark, in process (the generators are pure functions):
 *   1. GetSdk's work for a 300-resource API: generateSdk (describe, generate, zip) for each
 *      type, median over --runs. Goal: < 1 s.
 *   2. documentation inheritance for 2,000 parts in an export: injectDocumentation into the
 *      OpenAPI document of the same API (every method, parameter and response looked up), median
 *      over --runs. Goal: < 200 ms.
 * Printed with the ratio to the goal (< 1 is within it).
 *
 *   node --import tsx bench/sdk.ts [--runs 10]
 */
import { parseArgs } from 'node:util'
import { importOpenApi } from '../src/openapi/index.ts'
import { exportOpenApi } from '../src/openapi/export.ts'
import { injectDocumentation } from '../src/openapi/documentation-export.ts'
import { generateSdk, type GeneratedSdkType } from '../src/sdk/index.ts'
import { normaliseLocation } from '../src/model/documentation-location.ts'
import type { DocumentationPart, RestApiDefinition } from '../src/model/index.ts'
import { wideApi } from './support/apis.ts'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } })
const runs = Math.max(1, Math.min(100, Number(values.runs)))

const imported = importOpenApi(JSON.stringify(wideApi(300)))
if (!imported.ok) throw new Error(JSON.stringify(imported.errors))
const definition: RestApiDefinition = imported.definition
const paths = definition.resources.map((r) => r.path)

// 2,000 parts over the API's entities and their inheritable defaults
const unique: DocumentationPart[] = []
const seen = new Set<string>()
const types = ['METHOD', 'RESPONSE', 'QUERY_PARAMETER', 'RESPONSE_HEADER'] as const
for (let i = 0; unique.length < 2000 && i < 100_000; i++) {
  const type = types[i % types.length]!
  const path = paths[i % paths.length]!
  const location: Record<string, string> = { type, path: i % 7 === 0 ? '/' : path, method: i % 5 === 0 ? '*' : 'GET' }
  if (type === 'RESPONSE' || type === 'RESPONSE_HEADER') location.statusCode = i % 3 === 0 ? '*' : '200'
  if (type === 'QUERY_PARAMETER' || type === 'RESPONSE_HEADER') location.name = `n${i}`
  const part = { id: `p${i}`, location: normaliseLocation(location), properties: JSON.stringify({ description: `part ${i}`, summary: `s${i}` }) }
  const key = JSON.stringify(part.location)
  if (seen.has(key)) continue
  seen.add(key)
  unique.push(part)
}

function median(fn: () => void): number {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    fn()
    times.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!
}

const target = { stageName: 'prod', invokeUrl: 'http://127.0.0.1:4566/_aws/execute-api/x/prod', region: 'us-east-1', parameters: { serviceName: 'Wide', javaPackageName: 'com.example.wide' } }
for (const type of ['javascript', 'typescript', 'java'] as GeneratedSdkType[]) {
  let bytes = 0
  const ms = median(() => {
    bytes = generateSdk(type, definition, unique, target).length
  })
  console.log(`GetSdk ${type.padEnd(10)} 300 resources: ${ms.toFixed(1)} ms median (${bytes} bytes zipped), ${(ms / 1000).toFixed(3)} of the 1 s goal`)
}
const plain = median(() => exportOpenApi(definition, { format: 'oas30', stageName: 'prod', extensions: [] }))
const ms = median(() => {
  const doc = exportOpenApi(definition, { format: 'oas30', stageName: 'prod', extensions: [] })
  injectDocumentation(doc, { version: 'v1', createdDate: 0, parts: unique }, false)
})
console.log(`export with ${unique.length} documentation parts: ${ms.toFixed(1)} ms median (the export alone: ${plain.toFixed(1)} ms), ${(ms / 200).toFixed(3)} of the 200 ms goal`)
