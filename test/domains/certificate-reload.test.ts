/**
 * Reloading the default certificate (what SIGHUP does): a keep-alive connection opened before
 * keeps serving requests with the certificate it shook hands with; new connections get the new one.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { issueCertificate } from '../../src/lib/x509-issue.ts'
import { seedApi } from '../control/stages-harness.ts'
import { now, useHttpsPortico } from './harness.ts'

let apiId: string

const h = useHttpsPortico({}, async () => {
  apiId = (await seedApi(h.portico, 'reload')).apiId
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  await h.portico.settled()
})

function get(agent: Agent | false): Promise<{ status: number; serial: string; socket: TLSSocket }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: h.httpsPort, path: '/prod/pets', servername: 'localhost', headers: { host: `${apiId}.execute-api.localhost` }, ca: readFileSync(h.ca.caFile, 'utf8'), agent },
      (res) => {
        const socket = res.socket as TLSSocket
        const serial = String(socket.getPeerCertificate().serialNumber ?? '')
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode ?? 0, serial, socket }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('certificate reload', () => {
  it('keeps open connections serving and gives new handshakes the new certificate', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const first = await get(agent)
    assert.equal(first.status, 200)
    const next = issueCertificate({ subject: { commonName: 'localhost' }, altNames: ['localhost'], notBefore: now() - 60, notAfter: now() + 3600, usage: ['server'], issuer: h.ca.issuer })
    writeFileSync(join(h.dir, 'default.pem'), next.certificatePem)
    writeFileSync(join(h.dir, 'default.key'), next.privateKeyPem)
    await h.portico.reloadTls()
    const again = await get(agent)
    assert.equal(again.status, 200)
    assert.equal(again.socket, first.socket, 'the keep-alive connection was reused')
    assert.equal(again.serial, first.serial)
    const fresh = await get(false)
    assert.equal(fresh.status, 200)
    assert.notEqual(fresh.serial, first.serial)
    agent.destroy()
  })

  it('keeps the previous certificate when the new files do not load', async () => {
    writeFileSync(join(h.dir, 'default.key'), 'not a key')
    await assert.rejects(h.portico.reloadTls())
    assert.equal((await get(false)).status, 200)
  })
})
