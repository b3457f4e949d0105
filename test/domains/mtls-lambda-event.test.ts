/**
 * The client certificate a mutual TLS domain verified reaches a Lambda proxy integration as
 * `requestContext.identity.clientCert`, with the domain's `domainName` and `domainPrefix`.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { CreateBasePathMappingCommand, CreateDeploymentCommand, CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { resolveConfigFile } from '../../src/config-file.ts'
import { editApi, seedApi } from '../control/stages-harness.ts'
import { httpsGet, useHttpsPortico } from './harness.ts'

const HANDLERS = fileURLToPath(new URL('../fixtures/lambda-events/handlers/', import.meta.url))
const ECHO_URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:echo/invocations'


const h = useHttpsPortico({ functions: resolveConfigFile({ functions: { echo: { handler: 'api.echo' } } }, `${HANDLERS}portico.config.json`) }, async () => {
  const apiId = (await seedApi(h.portico, 'lambda')).apiId
  await editApi(h.portico, apiId, (d) => {
    d.resources[0]!.resourceMethods!.GET = {
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: ECHO_URI, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000 },
    }
  })
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  const arn = await h.registerServerCertificate(['mtls.example.test'])
  await h.client.send(
    new CreateDomainNameCommand({ domainName: 'mtls.example.test', regionalCertificateArn: arn, endpointConfiguration: { types: ['REGIONAL'] }, mutualTlsAuthentication: { truststoreUri: `file://${h.ca.caFile}` } }),
  )
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'mtls.example.test', basePath: 'api', restApiId: apiId, stage: 'prod' }))
  await h.portico.settled()
})

describe('mutual TLS and Lambda', () => {
  it('puts the verified client certificate in the proxy event', async () => {
    const alice = h.clientCertificate('alice')
    const answer = await httpsGet(h.httpsPort, 'mtls.example.test', '/api', { ca: readFileSync(h.ca.caFile, 'utf8'), cert: alice })
    assert.equal(answer.status, 200, answer.body)
    const event = JSON.parse(answer.body)
    const cert = event.requestContext.identity.clientCert
    const x509 = new X509Certificate(alice.certificatePem)
    assert.equal(cert.subjectDN, 'CN=alice')
    assert.equal(cert.issuerDN, 'O=Portico,CN=Portico development CA')
    assert.equal(cert.serialNumber, x509.serialNumber)
    assert.deepEqual(cert.validity, { notBefore: x509.validFrom, notAfter: x509.validTo })
    assert.equal(new X509Certificate(cert.clientCertPem).fingerprint256, x509.fingerprint256)
    assert.equal(event.requestContext.domainName, 'mtls.example.test')
    assert.equal(event.requestContext.domainPrefix, 'mtls')
  })
})
