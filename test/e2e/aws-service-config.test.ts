/**
 * An AWS service integration configured the way a user configures it: an OpenAPI file with an
 * `aws` integration `arn:aws:apigateway:us-east-1:sqs:action/SendMessage`, a config file whose
 * `services.sqs` points at a local stand-in for SQS, `roles` mapping the integration's role to
 * keys and `credentials` as the default, served through `startPortico` (useHarness). The stand-in checks
 * every request's SigV4 signature with the AWS SDK's own signer.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GetResourcesCommand, TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway'
import type { Portico } from '../../src/main.ts'
import { serveFile } from '../support/serve-file.ts'
import { verifySigV4, type Received, type Verdict } from '../integrations/aws-service-sigv4-verifier.ts'
import { sdkClient, useHarness } from '../control/harness.ts'
import { closeServer } from '../support/close-server.ts'

const SECRETS: Record<string, string> = { AKIDROLE: 'role-secret', AKIDDEFAULT: 'default-secret' }
const ROLE = 'arn:aws:iam::123456789012:role/apigw-sqs'

const dir = mkdtempSync(join(tmpdir(), 'portico-aws-service-e2e-'))
const seen: Array<Received & { verdict: Verdict; contentType: string | undefined }> = []
let sqs: Server
let portico: Portico
let base: string
let apiId: string

function integration(credentials: string | undefined) {
  return {
    type: 'aws',
    httpMethod: 'POST',
    uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage',
    ...(credentials && { credentials }),
    requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
    requestTemplates: { 'application/json': 'QueueUrl=http://sqs.local/123456789012/pets&MessageBody=$util.urlEncode($input.body)' },
    responses: { default: { statusCode: '200' } },
  }
}

useHarness({ adminAccessKeyId: 'AKIDADMIN', adminSecretAccessKey: 'admin-secret' }, {
  // the config file names the stand-in's port: written once it listens, read when the Portico starts
  configFile: join(dir, 'portico.config.json'),
  prepare: async () => {
    sqs = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', async () => {
        const received: Received = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) }
        const verdict = await verifySigV4(received, SECRETS)
        seen.push({ ...received, verdict, contentType: req.headers['content-type'] })
        if (!verdict.ok) {
          res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: verdict.reason }))
          return
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'x-amzn-RequestId': 'sqs-req-1' })
        res.end(JSON.stringify({ SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' } } }))
      })
    })
    await new Promise<void>((resolve) => sqs.listen(0, '127.0.0.1', resolve))
    const endpoint = `http://127.0.0.1:${(sqs.address() as AddressInfo).port}`

    const configPath = join(dir, 'portico.config.json')
    writeFileSync(
      configPath,
      JSON.stringify({
        services: { sqs: { endpoint, region: 'us-east-1' } },
        roles: { [ROLE]: { accessKeyId: 'AKIDROLE', secretAccessKey: 'role-secret' } },
        credentials: { accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'default-secret' },
      }),
    )
    return async () => {
      sqs?.closeAllConnections()
      await closeServer(sqs)
      rmSync(dir, { recursive: true, force: true })
    }
  },
  setup: async (h) => {
    portico = h.portico
    const apiPath = join(dir, 'queue.json')
    writeFileSync(
      apiPath,
      JSON.stringify({
        openapi: '3.0.1',
        info: { title: 'Queue', version: '1' },
        paths: {
          '/messages': { post: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': integration(ROLE) } },
          '/default-keys': { post: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': integration(undefined) } },
        },
      }),
    )
    const served = await serveFile(portico, apiPath, 'prod')
    apiId = served.apiId
    await portico.settled()
    base = `${portico.url}/_aws/execute-api/${served.apiId}/prod`
  },
})

async function post(path: string, body: unknown): Promise<{ status: number; body: string }> {
  const res = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, body: await res.text() }
}

describe('AWS service integration configured in the config file', () => {
  it("sends SendMessage to the configured endpoint, SigV4-signed with the integration role's keys", async () => {
    seen.length = 0
    const res = await post('/messages', { pet: 'rex' })
    assert.equal(res.status, 200, res.body)
    assert.deepEqual(JSON.parse(res.body), { SendMessageResponse: { SendMessageResult: { MessageId: 'm-1' } } })
    assert.equal(seen.length, 1)
    const request = seen[0]!
    assert.ok(request.verdict.ok, !request.verdict.ok ? request.verdict.reason : '')
    assert.equal(request.verdict.accessKeyId, 'AKIDROLE')
    assert.equal(request.verdict.service, 'sqs')
    assert.equal(request.verdict.region, 'us-east-1')
    assert.equal(request.method, 'POST')
    assert.equal(request.url, '/?Action=SendMessage')
    assert.equal(request.contentType, 'application/x-www-form-urlencoded')
    assert.equal(request.body.toString(), `QueueUrl=http://sqs.local/123456789012/pets&MessageBody=${encodeURIComponent('{"pet":"rex"}')}`)
  })

  it('an integration without a role is signed with the default credentials', async () => {
    seen.length = 0
    const res = await post('/default-keys', { pet: 'tom' })
    assert.equal(res.status, 200, res.body)
    assert.equal(seen.length, 1)
    assert.ok(seen[0]!.verdict.ok)
    assert.equal(seen[0]!.verdict.ok && seen[0]!.verdict.accessKeyId, 'AKIDDEFAULT')
  })

  it('TestInvokeMethod sends the same signed request with the same configuration', async () => {
    const client = sdkClient(portico.url, { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' })
    try {
      const resources = await client.send(new GetResourcesCommand({ restApiId: apiId }))
      const messages = resources.items!.find((r) => r.path === '/messages')!
      seen.length = 0
      const res = await client.send(
        new TestInvokeMethodCommand({ restApiId: apiId, resourceId: messages.id!, httpMethod: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"pet":"max"}' }),
      )
      assert.equal(res.status, 200, res.log)
      assert.equal(seen.length, 1)
      assert.ok(seen[0]!.verdict.ok)
      assert.equal(seen[0]!.verdict.ok && seen[0]!.verdict.accessKeyId, 'AKIDROLE')
      assert.match(res.log!, /Endpoint request URI: http:\/\/127\.0\.0\.1:\d+\/\?Action=SendMessage/)
    } finally {
      client.destroy()
    }
  })
})
