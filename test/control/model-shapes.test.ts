/**
 * The management API checked against AWS's own service model (botocore's apigateway
 * 2015-07-09 service-2.json, test/fixtures/aws-models): for every operation Portico supports, a
 * realistic signed call over real HTTP (shapes/calls.ts) whose raw JSON answer must have AWS's
 * success status, only the model's members under their wire names, the model's types and enum
 * values, and the members AWS always returns even when empty (shapes/aws-model.ts
 * ALWAYS_PRESENT). The other direction: the Create/Put calls send every body member the model
 * defines, and each must be accepted (or, for the few Portico refuses on purpose, refused with a
 * clear 400 in a call marked so). Operations Portico does not support are listed (and
 * answer UnknownOperationException); scripts/compatibility-table.ts prints the same lists.
 */
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'undici'
import type { Portico } from '../../src/main.ts'
import { openDevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { importCertificate } from '../../src/control/domains/certificate-registry.ts'
import { signedHeaders, useHarness } from './harness.ts'
import { BOTOCORE_VERSION, bodyMembers, loadApiGatewayModel, outputProblems } from './shapes/aws-model.ts'
import { CALLS, type Call, type Scenario } from './shapes/calls.ts'
import { PARTIAL, operationCoverage, operationsTable, withTable } from './shapes/coverage.ts'

const model = loadApiGatewayModel()
const coverage = operationCoverage(model)
const app = join(import.meta.dirname, '..', 'fixtures', 'e2e', 'authorizers-app')
const dir = mkdtempSync(join(tmpdir(), 'portico-model-shapes-'))
let portico: Portico

useHarness({}, {
  configFile: join(app, 'portico.config.json'),
  setup: (h) => {
    portico = h.portico
  },
})
after(() => {
  rmSync(dir, { recursive: true, force: true })
})

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  text: string
}

/** The request line of an operation as the model writes it, with uri members filled in. */
function target(call: Call, s: Scenario): { method: string; url: string } {
  const op = model.operations[call.op]!
  const params = call.params?.(s) ?? {}
  const [path, fixedQuery] = op.http.requestUri.split('?') as [string, string | undefined]
  const filled = path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => {
    assert.ok(params[name] !== undefined, `${call.op}: no value for {${name}}`)
    return encodeURIComponent(params[name]!)
  })
  const query = new URLSearchParams(fixedQuery)
  for (const [k, v] of Object.entries(typeof call.query === 'function' ? call.query(s) : (call.query ?? {}))) query.append(k, v)
  const q = query.toString()
  return { method: op.http.method, url: `${portico.url}${filled}${q ? `?${q}` : ''}` }
}

async function send(call: Call, s: Scenario): Promise<Answer> {
  const { method, url } = target(call, s)
  const body = call.raw ?? (call.body ? JSON.stringify(call.body(s)) : '')
  const headers = await signedHeaders(url, method, body)
  const res = await request(url, { method: method as 'GET', headers, body: body === '' ? undefined : body })
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() }
}

describe(`shapes of the management API against botocore's model (${model.metadata.apiVersion})`, () => {
  const scenario: Scenario = {}
  const sent = new Map<string, Set<string>>()

  before(async () => {
    // custom domains name a registered certificate (as `portico cert import` registers one);
    // mutual TLS reads a truststore: the development CA's certificate
    const now = Math.floor(Date.now() / 1000)
    const ca = openDevCa(join(dir, 'ca'), now)
    const names = ['edge.shapes.example', 'api.shapes.example', 'private.shapes.example', 'upload.shapes.example']
    const issued = issueCertificate({ subject: { commonName: names[0]! }, altNames: names, notBefore: now - 60, notAfter: now + 86_400, usage: ['server'], issuer: ca.issuer })
    const certificate = await importCertificate(portico.store, { certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem }, portico.config, now)
    Object.assign(scenario, { certificate: certificate.certificateArn, certificatePem: issued.certificatePem, privateKeyPem: issued.privateKeyPem, truststoreUri: pathToFileURL(ca.caFile).href })
  })

  for (const [i, call] of CALLS.entries()) {
    it(`${i + 1}. ${call.op}`, async () => {
      const op = model.operations[call.op]!
      const answer = await send(call, scenario)
      const keys = sent.get(call.op) ?? new Set<string>()
      for (const k of Object.keys(call.body?.(scenario) ?? {})) keys.add(k)
      sent.set(call.op, keys)
      if (call.refused !== undefined) {
        assert.equal(answer.status, 400, `${call.op} answered ${answer.status}: ${answer.text}`)
        assert.equal(answer.headers['x-amzn-errortype'], 'BadRequestException')
        assert.ok((JSON.parse(answer.text) as { message: string }).message.includes(call.refused), answer.text)
        return
      }
      const expected = op.http.responseCode ?? 200
      assert.equal(answer.status, expected, `${call.op} answered ${answer.status}: ${answer.text}`)
      assert.ok(answer.headers['x-amzn-requestid'], 'x-amzn-RequestId')
      if (call.payload) {
        // the output is a payload (a document, a zip), sent as application/octet-stream as AWS does
        call.payload(answer)
        return
      }
      const json: unknown = expected === 204 || answer.text === '' ? undefined : JSON.parse(answer.text)
      // later calls need the ids even when this answer's shape is wrong
      call.keep?.(scenario, json)
      assert.deepEqual(outputProblems(model, call.op, json), [], `${call.op}: ${answer.text.slice(0, 600)}`)
    })
  }

  it('every supported operation of the model is driven above', () => {
    const driven = new Set(CALLS.map((c) => c.op))
    assert.deepEqual(coverage.supported.filter((op) => !driven.has(op)), [])
  })

  it('the Create/Put calls send every body member the model defines (each one accepted above, or refused where marked)', () => {
    const unsent: string[] = []
    for (const op of coverage.supported) {
      if (!/^(Create|Put|Generate|TestInvoke)/.test(op) || op === 'PutRestApi') continue
      const input = model.operations[op]!.input
      if (!input) continue
      for (const member of bodyMembers(model, input.shape).keys()) if (!sent.get(op)?.has(member)) unsent.push(`${op}.${member}`)
    }
    assert.deepEqual(unsent, [])
  })

  it("answers every operation it does not support with UnknownOperationException (the model's path, signed)", async () => {
    // every apigateway operation is supported now: apigatewayv2's routing rules (not served) keep the check honest
    const probes = [...coverage.missing.map((op) => model.operations[op]!.http), { method: 'POST', requestUri: '/v2/domainnames/{domainName}/routingrules' }]
    for (const def of probes) {
      const op = def.requestUri
      const url = `${portico.url}${def.requestUri.split('?')[0]!.replace(/\{[^}]+\}/g, 'x0')}`
      const body = def.method === 'GET' || def.method === 'DELETE' ? '' : '{}'
      const res = await request(url, { method: def.method as 'GET', headers: await signedHeaders(url, def.method, body), body: body || undefined })
      await res.body.text()
      assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException', `${op} (${def.method} ${url})`)
    }
  })

  it('docs/compatibility.md holds the generated operations table (scripts/compatibility-table.ts --write)', () => {
    for (const op of Object.keys(PARTIAL)) assert.ok(coverage.supported.includes(op), `PARTIAL names ${op}, which is not supported`)
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'compatibility.md'), 'utf8')
    assert.equal(page, withTable(page, operationsTable(model, BOTOCORE_VERSION)), 'run: node --import tsx scripts/compatibility-table.ts --write')
  })
})
