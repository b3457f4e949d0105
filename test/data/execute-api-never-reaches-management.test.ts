/**
 * Regression: on the port the data plane shares with the management API, a request for an
 * execute-api host that names no API (`a.b.execute-api.…`) or for the path-style prefix without
 * an API id fell through to the management API, which answered it (a signed one with the REST
 * APIs). Requests meant for the management API are now recognised explicitly: no execute-api URL
 * form, and signed for service `apigateway` (or not signed: it answers those 403). Everything
 * else gets the data plane's answer.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { signRequest } from '../../src/lib/sigv4/sign.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, useHarness } from '../control/harness.ts'
import { send, type Reply } from './fixtures.ts'

const h = useHarness()

/** GET `path` with Host `host`, signed with the admin key pair for `service` */
function signedGet(path: string, host: string, service: string): Promise<Reply> {
  const { headers } = signRequest({
    method: 'GET',
    url: `http://${host}${path}`,
    service,
    region: 'us-east-1',
    accessKeyId: ACCESS_KEY_ID,
    secretAccessKey: SECRET_ACCESS_KEY,
  })
  return send(h.portico.address.port, { path, headers })
}

describe('requests for execute-api never reach the management API', () => {
  it('an execute-api host that names no API answers 403 Forbidden, even signed for apigateway', async () => {
    for (const host of ['a.b.execute-api.localhost', 'zzzzzzzzzz.execute-api.localhost']) {
      const r = await signedGet('/restapis', host, 'apigateway')
      assert.equal(r.status, 403, host)
      assert.deepEqual(r.json(), { message: 'Forbidden' })
      assert.equal(r.headers['x-amzn-errortype'], 'ForbiddenException')
    }
  })

  it('the path-style prefix without an API id answers the data plane\'s 404', async () => {
    const r = await signedGet('/_aws/execute-api/', 'localhost', 'apigateway')
    assert.equal(r.status, 404)
    assert.equal(r.headers['x-amzn-errortype'], 'NotFoundException')
    assert.match(r.json().message, /_aws\/execute-api/)
  })

  it('a request signed for execute-api at no execute-api URL answers the data plane\'s 404, not a management error', async () => {
    const r = await signedGet('/prod/pets', `127.0.0.1:${h.portico.address.port}`, 'execute-api')
    assert.equal(r.status, 404)
    assert.equal(r.headers['x-amzn-errortype'], 'NotFoundException')
    assert.match(r.json().message, /execute-api/)
  })

  it('a request signed for apigateway at no execute-api URL is the management API\'s', async () => {
    const r = await signedGet('/restapis', `127.0.0.1:${h.portico.address.port}`, 'apigateway')
    assert.equal(r.status, 200)
    assert.ok(Array.isArray(r.json().item))
  })
})
