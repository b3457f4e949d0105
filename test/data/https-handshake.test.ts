/**
 * The HTTPS listener under clients that never finish a handshake: each is closed after the
 * handshake timeout, and none of them keeps another client from being served meanwhile.
 */
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { request } from 'node:https'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { PlanRegistry } from '../../src/data/plan-registry.ts'
import { createDataPlaneServer } from '../../src/data/server.ts'
import { TlsContexts } from '../../src/data/tls-contexts.ts'
import { issueCertificate } from '../../src/lib/x509-issue.ts'

const now = Math.floor(Date.now() / 1000)
const server = issueCertificate({ subject: { commonName: 'localhost' }, altNames: ['localhost'], notBefore: now - 60, notAfter: now + 3600, usage: ['server'] })

describe('HTTPS handshakes', () => {
  it('closes stalled handshakes after the timeout while serving others', async () => {
    const dataPlane = createDataPlaneServer({ registry: new PlanRegistry(), limits: { handshakeTimeoutMs: 300 } })
    const [address] = await dataPlane.listen([{ host: '127.0.0.1', port: 0, tls: new TlsContexts({ cert: server.certificatePem, key: server.privateKeyPem }) }])
    const stalled: Socket[] = []
    try {
      for (let i = 0; i < 20; i++) {
        const socket = connect(address!.port, '127.0.0.1')
        socket.on('error', () => {})
        // half a ClientHello's record header, then nothing
        socket.write(Buffer.from([0x16, 0x03, 0x01]))
        stalled.push(socket)
      }
      const served = await new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: address!.port, path: '/', servername: 'localhost', ca: server.certificatePem, agent: false }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end()
      })
      assert.equal(served, 404)
      // every stalled client is closed by the server (bounded: the test runner's timeout)
      await Promise.all(stalled.map((socket) => (socket.closed ? Promise.resolve() : once(socket, 'close'))))
      assert.ok(stalled.every((socket) => socket.destroyed))
    } finally {
      for (const socket of stalled) socket.destroy()
      await dataPlane.close(0)
    }
  })
})
