/**
 * `--https-only`: the APIs answer over HTTPS only; plain HTTP on --port reaches the management API
 * alone, so an execute-api request there is not served.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { APIGatewayClient, CreateDeploymentCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { startPortico, type Portico } from '../../src/main.ts'
import { resolveConfig, ConfigError } from '../../src/config.ts'
import { openDevCa } from '../../src/lib/dev-ca.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { seedApi } from '../control/stages-harness.ts'
import { httpsGet, now } from './harness.ts'

const dir = mkdtempSync(join(tmpdir(), 'portico-https-only-'))
let portico: Portico
let apiId: string
let ca: string

before(async () => {
  const devCa = openDevCa(join(dir, 'certs'), now())
  ca = readFileSync(devCa.caFile, 'utf8')
  const server = issueCertificate({ subject: { commonName: 'localhost' }, altNames: ['*.execute-api.localhost'], notBefore: now() - 60, notAfter: now() + 3600, usage: ['server'], issuer: devCa.issuer })
  writeFileSync(join(dir, 's.pem'), server.certificatePem)
  writeFileSync(join(dir, 's.key'), server.privateKeyPem)
  portico = await startPortico(resolveConfig({ dataDir: dir, host: '127.0.0.1', port: 0, httpsPort: 0, tlsCert: join(dir, 's.pem'), tlsKey: join(dir, 's.key'), httpsOnly: true }, {}), {
    functions: { path: undefined, functions: {}, lambda: undefined },
  })
  apiId = (await seedApi(portico, 'only')).apiId
  const client = new APIGatewayClient({ endpoint: portico.url, region: 'us-east-1', credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey }, maxAttempts: 1 })
  await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  assert.ok((await client.send(new GetRestApisCommand({}))).items?.some((api) => api.id === apiId))
  await portico.settled()
})

after(async () => {
  await portico.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('--https-only', () => {
  it('serves the API over HTTPS and not over plain HTTP', async () => {
    const port = Number(new URL(portico.httpsUrl!).port)
    const secure = await httpsGet(port, `${apiId}.execute-api.localhost`, '/prod/pets', { ca })
    assert.equal(secure.status, 200)
    const plain = await fetch(`${portico.url}/_aws/execute-api/${apiId}/prod/pets`)
    assert.notEqual(plain.status, 200)
    assert.doesNotMatch(await plain.text(), /pets/)
  })

  it('needs --https-port, and --https-port needs a certificate and key', () => {
    assert.throws(() => resolveConfig({ httpsOnly: true }, {}), ConfigError)
    assert.throws(() => resolveConfig({ httpsPort: 4443 }, {}), /--tls-cert and --tls-key/)
  })
})
