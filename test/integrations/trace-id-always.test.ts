/**
 * API Gateway sends `X-Amzn-Trace-Id` to HTTP and HTTP_PROXY backends whether or not the stage
 * traces (LocalStack's AWS-recorded snapshot test_apigateway_http.snapshot.json,
 * test_http_integration_with_lambda[HTTP] and [HTTP_PROXY]: the backend saw `x-amzn-trace-id`
 * on an untraced stage), a Lambda proxy event always carries it (test_apigateway_lambda
 * snapshots), and an AWS_PROXY answer carries `X-Amzn-Trace-Id` too
 * (test_aws_proxy_response_payload_format_validation). A client that sends its own trace keeps
 * its Root: the backend, the event and the answer all name it.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import { integration, startBackend, startGateway, type Gateway, useGateways } from './harness.ts'
import { useStarted } from '../support/use-started.ts'
import { fakeInvoker, lambdaUri, startLambdaGateway } from './lambda-harness.ts'

const NEW_ROOT = /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/
const CLIENT = 'Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=0'

let upstream: UpstreamPools
const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
})
const backend = useStarted(() => startBackend())

async function gateway(type: 'HTTP' | 'HTTP_PROXY'): Promise<Gateway> {
  const responses = type === 'HTTP' ? { integrationResponses: { '200': { statusCode: '200' } } } : {}
  const g = await startGateway({ integration: integration({ type, httpMethod: 'GET', uri: `${backend.origin}/things`, ...responses }), upstream, httpMethod: 'GET' })
  gateways.own(g)
  return g
}

describe('X-Amzn-Trace-Id on an untraced stage', () => {
  for (const type of ['HTTP', 'HTTP_PROXY'] as const) {
    it(`${type}: the backend always gets one; a client's Root goes on`, async () => {
      const g = await gateway(type)
      const plain = await fetch(`${g.url}/`)
      assert.equal(plain.status, 200)
      assert.match(String(backend.last().headers['x-amzn-trace-id']), NEW_ROOT)
      const first = backend.last().headers['x-amzn-trace-id']
      await fetch(`${g.url}/`)
      assert.notEqual(backend.last().headers['x-amzn-trace-id'], first, 'a new Root per request')
      const traced = await fetch(`${g.url}/`, { headers: { 'X-Amzn-Trace-Id': CLIENT } })
      assert.equal(traced.status, 200)
      assert.equal(backend.last().headers['x-amzn-trace-id'], CLIENT)
      // only one, whatever the client sent
      assert.equal(backend.last().rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-amzn-trace-id').length, 1)
    })
  }

  it("AWS_PROXY: the event and the answer carry the request's trace", async () => {
    const invoker = fakeInvoker({
      echo: (event) => ({ statusCode: 200, body: JSON.stringify(event) }),
      own: () => ({ statusCode: 200, headers: { 'x-amzn-trace-id': 'Root=1-00000000-000000000000000000000000' }, body: '' }),
    })
    const g = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') }), invoker, upstream })
    gateways.own(g)
    const plain = await fetch(`${g.url}/`)
    const event = (await plain.json()) as { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> }
    assert.match(event.headers['X-Amzn-Trace-Id']!, NEW_ROOT)
    assert.equal(plain.headers.get('x-amzn-trace-id'), event.headers['X-Amzn-Trace-Id'])

    const traced = await fetch(`${g.url}/`, { headers: { 'X-Amzn-Trace-Id': CLIENT } })
    const tracedEvent = (await traced.json()) as { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> }
    assert.equal(tracedEvent.headers['X-Amzn-Trace-Id'], CLIENT)
    assert.deepEqual(tracedEvent.multiValueHeaders['X-Amzn-Trace-Id'], [CLIENT])
    assert.equal(traced.headers.get('x-amzn-trace-id'), CLIENT)

    const own = await startLambdaGateway({ integration: integration({ type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('own') }), invoker, upstream })
    gateways.own(own)
    const answer = await fetch(`${own.url}/`, { headers: { 'X-Amzn-Trace-Id': CLIENT } })
    await answer.arrayBuffer()
    assert.equal(answer.headers.get('x-amzn-trace-id'), 'Root=1-00000000-000000000000000000000000', "the function's own header wins")
  })
})
