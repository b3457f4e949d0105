/**
 * The README's walkthrough with the real AWS CLI and curl: a domain with the registered
 * certificate and mutual TLS, a v1 base path mapping and a v2 API mapping, then curl through the
 * domain with --resolve, with and without the client certificate.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { curl } from '../support/curl.ts'
import { awsApigateway, awsApigatewayV2, type AwsCliTarget } from '../support/aws-cli.ts'
import { seedApi } from '../control/stages-harness.ts'
import { useHttpsPortico } from './harness.ts'
import { porticoAsync } from '../support/cli.ts'

let target: AwsCliTarget
let apiId: string
let certificateArn: string

const h = useHttpsPortico({}, async () => {
  target = { endpoint: h.portico.url, accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey, dir: h.dir }
  apiId = (await seedApi(h.portico, 'cli')).apiId
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  certificateArn = await h.registerServerCertificate(['api.example.test'])
})

describe('the AWS CLI walkthrough', () => {
  it('creates the domain and mappings, and curl reaches the API through the domain', async () => {
    const created = await awsApigateway(
      target,
      'create-domain-name',
      '--domain-name', 'api.example.test',
      '--regional-certificate-arn', certificateArn,
      '--endpoint-configuration', 'types=REGIONAL',
      '--security-policy', 'TLS_1_2',
      '--mutual-tls-authentication', `truststoreUri=file://${h.ca.caFile}`,
    )
    assert.equal(created.code, 0, created.stderr)
    assert.equal(JSON.parse(created.stdout).domainNameStatus, 'AVAILABLE')
    const mapped = await awsApigateway(target, 'create-base-path-mapping', '--domain-name', 'api.example.test', '--base-path', 'v1', '--rest-api-id', apiId, '--stage', 'prod')
    assert.equal(mapped.code, 0, mapped.stderr)
    assert.deepEqual(JSON.parse(mapped.stdout), { basePath: 'v1', restApiId: apiId, stage: 'prod' })
    const v2 = await awsApigatewayV2(target, 'create-api-mapping', '--domain-name', 'api.example.test', '--api-mapping-key', 'v2/shop', '--api-id', apiId, '--stage', 'prod')
    assert.equal(v2.code, 0, v2.stderr)
    assert.equal(JSON.parse(v2.stdout).ApiMappingKey, 'v2/shop')
    await h.portico.settled()

    const alice = h.clientCertificate('alice')
    writeFileSync(join(h.dir, 'alice.pem'), alice.certificatePem)
    writeFileSync(join(h.dir, 'alice.key'), alice.privateKeyPem)
    const base = ['--cacert', h.ca.caFile, '--resolve', `api.example.test:${h.httpsPort}:127.0.0.1`]
    const withCert = ['--cert', join(h.dir, 'alice.pem'), '--key', join(h.dir, 'alice.key')]
    for (const path of ['/v1/pets', '/v2/shop/pets']) {
      const ok = await curl(...base, ...withCert, `https://api.example.test:${h.httpsPort}${path}`)
      assert.equal(ok.code, 0)
      assert.equal(ok.stdout, '{"pets": ""}\n200')
    }
    const refused = await curl(...base, `https://api.example.test:${h.httpsPort}/v1/pets`)
    assert.equal(refused.stdout, '{"message":"Forbidden"}\n403')
  })

  it('portico domain ls and cert ls show the domain, its mappings, certificate and expiry', async () => {
    const domains = await porticoAsync(['domain', 'ls', '--data-dir', h.dir, '--endpoint-url', h.portico.url, '--https-port', String(h.httpsPort), '--tls-cert', join(h.dir, 'default.pem'), '--tls-key', join(h.dir, 'default.key')])
    assert.equal(domains.code, 0, domains.stderr)
    assert.match(domains.stdout, /^api\.example\.test {2}REGIONAL TLS_1_2 {2}mTLS file:\/\//m)
    assert.match(domains.stdout, new RegExp(`certificate ${certificateArn.replace(/[/.]/g, '\\$&')} {2}expires \\d{4}-`))
    assert.match(domains.stdout, new RegExp(`v1 → ${apiId} prod {2}https://api\\.example\\.test:${h.httpsPort}/v1/`))
    assert.match(domains.stdout, new RegExp(`v2/shop → ${apiId} prod`))
    const certs = await porticoAsync(['cert', 'ls', '--data-dir', h.dir])
    assert.equal(certs.code, 0, certs.stderr)
    assert.ok(certs.stdout.includes(certificateArn))
    assert.match(certs.stdout, /api\.example\.test {2}expires/)
  })
})
