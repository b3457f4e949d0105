import assert from 'node:assert/strict'
import { X509Certificate } from 'node:crypto'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { apiError, openHarness, type Harness } from './account-harness.ts'

type Certificate = {
  clientCertificateId: string
  description?: string
  pemEncodedCertificate: string
  createdDate: number
  expirationDate: number
  tags?: Record<string, string>
}

const UNKNOWN = apiError('NotFoundException', 'Invalid Client Certificate identifier specified')

describe('client certificates (handlers)', () => {
  let h: Harness
  beforeEach(async () => {
    h = await openHarness()
  })
  afterEach(async () => h.close())

  it('GenerateClientCertificate: a real self-signed X.509 certificate valid for 365 days', async () => {
    h.clock.now = Math.floor(Date.now() / 1000)
    const cert = (await h.call('GenerateClientCertificate', { body: { description: 'backend ✓', tags: { a: 'b' } } })) as Certificate
    assert.match(cert.clientCertificateId, /^[a-z0-9]{6}$/)
    assert.equal(cert.description, 'backend ✓')
    assert.deepEqual(cert.tags, { a: 'b' })
    assert.equal(cert.createdDate, h.clock.now)
    assert.equal(cert.expirationDate, h.clock.now + 365 * 86_400)
    const x509 = new X509Certificate(cert.pemEncodedCertificate)
    assert.equal(x509.subject, `CN=portico-client-${cert.clientCertificateId}`)
    assert.equal(x509.issuer, x509.subject)
    assert.ok(x509.verify(x509.publicKey), 'self-signed')
    assert.equal(Date.parse(x509.validTo) / 1000, cert.expirationDate)
    assert.equal(Date.parse(x509.validFrom) / 1000, cert.createdDate)
  })

  it('Get, list, update /description, delete', async () => {
    const a = (await h.call('GenerateClientCertificate', {})) as Certificate
    const b = (await h.call('GenerateClientCertificate', { body: { description: 'b' } })) as Certificate
    assert.equal('description' in a, false)
    assert.deepEqual(await h.call('GetClientCertificate', { params: { clientcertificate_id: a.clientCertificateId } }), a)
    const list = (await h.call('GetClientCertificates', { query: { limit: '1' } })) as { item: Certificate[]; position?: string }
    assert.deepEqual(list.item, [a])
    assert.ok(list.position)

    const updated = (await h.call('UpdateClientCertificate', {
      params: { clientcertificate_id: b.clientCertificateId },
      body: { patchOperations: [{ op: 'replace', path: '/description', value: 'changed' }] },
    })) as Certificate
    assert.deepEqual(updated, { ...b, description: 'changed' })
    await assert.rejects(
      h.call('UpdateClientCertificate', {
        params: { clientcertificate_id: b.clientCertificateId },
        body: { patchOperations: [{ op: 'replace', path: '/pemEncodedCertificate', value: 'x' }] },
      }),
      apiError('BadRequestException', /^Invalid patch path {2}'\/pemEncodedCertificate' specified for op 'replace'. Must be one of: \[\/description\]$/),
    )

    assert.equal(await h.call('DeleteClientCertificate', { params: { clientcertificate_id: a.clientCertificateId } }), undefined)
    await assert.rejects(h.call('DeleteClientCertificate', { params: { clientcertificate_id: a.clientCertificateId } }), UNKNOWN)
    await assert.rejects(h.call('GetClientCertificate', { params: { clientcertificate_id: a.clientCertificateId } }), UNKNOWN)
    await assert.rejects(
      h.call('UpdateClientCertificate', { params: { clientcertificate_id: 'nope' }, body: { patchOperations: [] } }),
      UNKNOWN,
    )
  })
})
