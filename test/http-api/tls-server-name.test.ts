/**
 * `tlsConfig.serverNameToVerify` on HTTP API HTTP_PROXY integrations, through a real Portico
 * (`portico serve` from the sources, trusting a test CA through NODE_EXTRA_CA_CERTS) managed with
 * @aws-sdk/client-apigatewayv2: an HTTPS backend at 127.0.0.1 whose certificate names only
 * `backend.internal` fails the call as a certificate error (500, `$context.integrationErrorMessage`)
 * unless the integration names `backend.internal`, which is then verified and sent as SNI; the same
 * for a private integration (VPC_LINK) whose listener the config file maps to that backend.
 */
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { after, before, describe, it } from 'node:test'
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  CreateVpcLinkCommand,
  GetIntegrationCommand,
  UpdateIntegrationCommand,
  type CreateIntegrationCommandInput,
} from '@aws-sdk/client-apigatewayv2'
import { openDevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { porticoServe, type RunningServer } from '../support/cli.ts'
import { until } from '../support/until.ts'

const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/secure/50dc6c495c0c9188/f2f7dc8efc522ab2'
const credentials = { accessKeyId: 'AKIAPORTICOTLSNAME01', secretAccessKey: 'portico/tls/server/name/secret/00000000000' }
const NAME = 'backend.internal'

const work = mkdtempSync(join(tmpdir(), 'portico-tls-name-'))
const now = () => Math.floor(Date.now() / 1000)
let backend: Server
let backendUrl: string
/** the SNI of each request the backend answered */
const seen: Array<{ url: string; servername: string | false | null }> = []
let server: RunningServer
let v2: ApiGatewayV2Client
let apiId: string
const integrationIds: Record<string, string> = {}

before(async () => {
  const ca = openDevCa(join(work, 'ca'), now())
  const cert = issueCertificate({ subject: { commonName: NAME }, altNames: [NAME], notBefore: now() - 60, notAfter: now() + 3600, usage: ['server'], issuer: ca.issuer })
  backend = createServer({ cert: cert.certificatePem, key: cert.privateKeyPem }, (req, res) => {
    seen.push({ url: req.url ?? '', servername: (req.socket as TLSSocket).servername })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"secure":true}')
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  backendUrl = `https://127.0.0.1:${(backend.address() as AddressInfo).port}`
  const config = join(work, 'portico.config.json')
  writeFileSync(config, JSON.stringify({ vpcLinks: { [LISTENER]: backendUrl } }))
  server = await porticoServe(['--port', '0', '--data-dir', join(work, 'data')], {
    NODE_EXTRA_CA_CERTS: ca.caFile,
    PORTICO_CONFIG: config,
    PORTICO_ADMIN_ACCESS_KEY_ID: credentials.accessKeyId,
    PORTICO_ADMIN_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  })
  v2 = new ApiGatewayV2Client({ endpoint: server.url, region: 'us-east-1', credentials, maxAttempts: 1 })

  apiId = (await v2.send(new CreateApiCommand({ Name: 'tls-names', ProtocolType: 'HTTP' }))).ApiId!
  const link = await v2.send(new CreateVpcLinkCommand({ Name: 'secure', SubnetIds: ['subnet-1'] }))
  const route = async (routeKey: string, integration: Omit<CreateIntegrationCommandInput, 'ApiId' | 'IntegrationType' | 'PayloadFormatVersion'>) => {
    const created = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', PayloadFormatVersion: '1.0', IntegrationMethod: 'GET', ...integration }))
    integrationIds[routeKey] = created.IntegrationId!
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, Target: `integrations/${created.IntegrationId}` }))
  }
  await route('GET /plain', { IntegrationUri: `${backendUrl}/plain` })
  await route('GET /named', { IntegrationUri: `${backendUrl}/named`, TlsConfig: { ServerNameToVerify: NAME } })
  await route('GET /other', { IntegrationUri: `${backendUrl}/other`, TlsConfig: { ServerNameToVerify: 'other.internal' } })
  await route('GET /private', { IntegrationUri: LISTENER, ConnectionType: 'VPC_LINK', ConnectionId: link.VpcLinkId! })
  await route('GET /private-named', { IntegrationUri: LISTENER, ConnectionType: 'VPC_LINK', ConnectionId: link.VpcLinkId!, TlsConfig: { ServerNameToVerify: NAME } })
  await v2.send(
    new CreateStageCommand({
      ApiId: apiId,
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: 'arn:portico:stdout', Format: '{"requestId":"$context.requestId","path":"$context.path","status":"$context.status","error":"$context.integrationErrorMessage"}' },
    }),
  )
  await until(async () => (await call('/named')).status === 200, 'the $default stage to serve /named')
})

after(async () => {
  v2?.destroy()
  await server?.stop()
  await new Promise<void>((resolve) => (backend ? backend.close(() => resolve()) : resolve()))
  rmSync(work, { recursive: true, force: true })
})

async function call(path: string): Promise<{ status: number; body: string; requestId: string }> {
  const res = await fetch(`${server.url}/_aws/execute-api/${apiId}${path}`)
  return { status: res.status, body: await res.text(), requestId: res.headers.get('apigw-requestid') ?? '' }
}

/** The access log line of one request (written to the server's stdout). */
async function accessLog(requestId: string): Promise<{ status: string; error: string }> {
  const line = await until(() => server.stdout.split('\n').find((l) => l.includes(`"requestId":"${requestId}"`)), `the access log line of ${requestId}`)
  return JSON.parse(line) as { status: string; error: string }
}

describe('tlsConfig.serverNameToVerify', () => {
  it('is stored and returned as sent', async () => {
    const got = await v2.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationIds['GET /named']! }))
    assert.deepEqual(got.TlsConfig, { ServerNameToVerify: NAME })
  })

  it('without it, a certificate that does not name the URL’s host fails the call: 500, a certificate error, nothing reaches the backend', async () => {
    seen.length = 0
    for (const path of ['/plain', '/private']) {
      const r = await call(path)
      assert.equal(r.status, 500, path)
      assert.equal(r.body, '{"message":"Internal Server Error"}')
      const logged = await accessLog(r.requestId)
      assert.equal(logged.status, '500')
      assert.match(logged.error, /altnames|certificate/i, `${path}: ${logged.error}`)
    }
    assert.deepEqual(seen, [])
  })

  it('verifies the certificate against the name given and sends it as SNI, for an INTERNET and a private integration', async () => {
    seen.length = 0
    for (const path of ['/named', '/private-named']) {
      const r = await call(path)
      assert.equal(r.status, 200, `${path}: ${r.body}`)
      assert.equal(r.body, '{"secure":true}')
    }
    assert.deepEqual(seen, [
      { url: '/named', servername: NAME },
      { url: '/private-named', servername: NAME },
    ])
  })

  it('a name the certificate does not carry fails as a certificate error too', async () => {
    seen.length = 0
    const r = await call('/other')
    assert.equal(r.status, 500)
    assert.match((await accessLog(r.requestId)).error, /altnames|certificate/i)
    assert.deepEqual(seen, [])
  })

  it('UpdateIntegration adding the name makes a failing integration work on the next deployment', async () => {
    await v2.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: integrationIds['GET /plain']!, TlsConfig: { ServerNameToVerify: NAME } }))
    await until(async () => (await call('/plain')).status === 200, 'the auto-deployed /plain with the name')
    assert.equal(seen.at(-1)?.servername, NAME)
  })
})
