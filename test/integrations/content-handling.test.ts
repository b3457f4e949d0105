import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { binaryMediaTypeTest, convertResponseBody } from '../../src/integrations/content-handling.ts'
import { integration, startBackend, type Gateway, type GatewayOptions, useGateways } from './harness.ts'
import { useStarted } from '../support/use-started.ts'

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe])


const gateways = useGateways()
const backend = useStarted(() =>
  startBackend((req, res) => {
    if (req.url === '/image') {
      res.writeHead(200, { 'Content-Type': 'image/png' })
      res.end(PNG)
      return
    }
    if (req.url === '/base64') {
      res.writeHead(200, { 'Content-Type': 'text/plain' })
      res.end(PNG.toString('base64'))
      return
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' })
    res.end(req.body)
  }),
)

const gateway = (options: Omit<GatewayOptions, 'upstream'>): Promise<Gateway> => gateways.start(options)

describe('binary media types and contentHandling', () => {
  it('matches media types with wildcards, first Accept value only', () => {
    const test = binaryMediaTypeTest(['image/*', 'application/octet-stream'])
    assert.ok(test('image/png'))
    assert.ok(test('application/octet-stream; q=1'))
    assert.ok(!test('text/html, image/png'))
    assert.ok(!test(undefined))
    assert.ok(binaryMediaTypeTest(['*/*'])('text/plain'))
    assert.ok(!binaryMediaTypeTest([])('image/png'))
    assert.equal(convertResponseBody(Buffer.from('not base64!'), false, true, undefined), undefined)
  })

  it('returns a binary payload as is to a binary Accept, base64 to a text Accept', async () => {
    const g = await gateway({
      binaryMediaTypes: ['image/png'],
      integration: integration({
        type: 'HTTP',
        httpMethod: 'GET',
        uri: `${backend.origin}/image`,
        integrationResponses: { '200': { statusCode: '200', responseParameters: { 'method.response.header.Content-Type': 'integration.response.header.Content-Type' } } },
      }),
    })
    const binary = await fetch(g.url + '/', { headers: { accept: 'image/png' } })
    assert.deepEqual(Buffer.from(await binary.arrayBuffer()), PNG)
    assert.equal(binary.headers.get('content-type'), 'image/png')
    const text = await fetch(g.url + '/', { headers: { accept: 'application/json' } })
    assert.equal(await text.text(), PNG.toString('base64'))
  })

  it('CONVERT_TO_BINARY decodes a base64 endpoint response', async () => {
    const g = await gateway({
      integration: integration({
        type: 'HTTP',
        httpMethod: 'GET',
        uri: `${backend.origin}/base64`,
        integrationResponses: { '200': { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY' } },
      }),
    })
    const res = await fetch(g.url + '/')
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), PNG)
  })

  it('CONVERT_TO_TEXT hands a binary request to the template as base64', async () => {
    const g = await gateway({
      binaryMediaTypes: ['image/png'],
      integration: integration({
        type: 'HTTP',
        httpMethod: 'POST',
        uri: `${backend.origin}/echo`,
        contentHandling: 'CONVERT_TO_TEXT',
        requestTemplates: { 'image/png': '{"data": "$input.body"}' },
        integrationResponses: { '200': { statusCode: '200' } },
      }),
    })
    const res = await fetch(g.url + '/', { method: 'POST', headers: { 'content-type': 'image/png', accept: 'application/json' }, body: PNG })
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(backend.last().body), { data: PNG.toString('base64') })
  })

  it('CONVERT_TO_BINARY on a request that is not base64 is a 500', async () => {
    const g = await gateway({
      integration: integration({ type: 'HTTP', httpMethod: 'POST', uri: `${backend.origin}/echo`, contentHandling: 'CONVERT_TO_BINARY', integrationResponses: { '200': { statusCode: '200' } } }),
    })
    const res = await fetch(g.url + '/', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not base64!' })
    assert.equal(res.status, 500)
  })
})
