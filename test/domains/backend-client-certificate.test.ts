/**
 * A stage's clientCertificateId: its HTTP_PROXY and HTTP integrations present that certificate
 * (the one GenerateClientCertificate made and GetClientCertificate returns) to an HTTPS backend
 * that asks for one; a stage without it presents none.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { CreateDeploymentCommand, GenerateClientCertificateCommand, GetClientCertificateCommand, UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { editApi, seedApi } from '../control/stages-harness.ts'
import { now, useHttpsPortico } from './harness.ts'

let backend: Server
let apiId: string

const h = useHttpsPortico({}, async () => {
  const serverCert = issueCertificate({ subject: { commonName: '127.0.0.1' }, altNames: ['127.0.0.1'], notBefore: now() - 60, notAfter: now() + 3600, usage: ['server'], issuer: h.ca.issuer })
  // the backend asks every client for a certificate and tells which one it got
  backend = createServer({ cert: serverCert.certificatePem, key: serverCert.privateKeyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerX509Certificate()
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ presented: peer?.toString() ?? null }))
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  const port = (backend.address() as AddressInfo).port
  apiId = (await seedApi(h.portico, 'backend')).apiId
  await editApi(h.portico, apiId, (d) => {
    d.resources[0]!.resourceMethods!.GET = {
      httpMethod: 'GET',
      authorizationType: 'NONE',
      apiKeyRequired: false,
      methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `https://127.0.0.1:${port}/`, passthroughBehavior: 'WHEN_NO_MATCH', timeoutInMillis: 29000, tlsConfig: { insecureSkipVerification: true } },
    }
  })
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  return () => {
    backend.close()
  }
})

async function presented(): Promise<string | null> {
  await h.portico.settled()
  const res = await fetch(`${h.portico.url}/_aws/execute-api/${apiId}/prod/`)
  assert.equal(res.status, 200)
  return ((await res.json()) as { presented: string | null }).presented
}

describe("a stage's client certificate", () => {
  it('is presented to an HTTPS backend once the stage names it, and only then', async () => {
    assert.equal(await presented(), null)
    const generated = await h.client.send(new GenerateClientCertificateCommand({ description: 'to the backend' }))
    await h.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/clientCertificateId', value: generated.clientCertificateId! }] }))
    const seen = await presented()
    assert.ok(seen !== null)
    const returned = await h.client.send(new GetClientCertificateCommand({ clientCertificateId: generated.clientCertificateId! }))
    assert.equal(new X509Certificate(seen).fingerprint256, new X509Certificate(returned.pemEncodedCertificate!).fingerprint256)
    assert.equal('privateKey' in returned, false)
  })
})
