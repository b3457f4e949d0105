import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type { UpstreamPools } from '../../src/integrations/index.ts'
import type { Integration } from '../../src/model/index.ts'
import { integration, type Gateway, useGateways } from './harness.ts'
import { fakeInvoker, lambdaUri, startLambdaGateway } from './lambda-harness.ts'

let upstream: UpstreamPools

/** LocalStack's AWS-validated lambda_select_pattern handler, in JS. */
const invoker = fakeInvoker({
  select: (event: { statusCode: string }) => {
    switch (event.statusCode) {
      case '200':
        return 'Pass'
      case '400':
        throw new Error('Error: Raising four hundred from within the Lambda function')
      case '500':
        throw new Error('Error: Raising five hundred from within the Lambda function')
      default:
        throw new Error(`[BadRequest] unknown status ${event.statusCode}`)
    }
  },
  echo: (event) => ({ received: event }),
  slow: async () => (await sleep(500), 'late'),
})

const gateways = useGateways({ connections: 4 }, (started) => {
  upstream = started.upstream
})

async function gateway(partial: Partial<Integration>, methodResponses: string[]): Promise<Gateway> {
  const g = await startLambdaGateway({
    integration: integration({ type: 'AWS', httpMethod: 'POST', uri: lambdaUri('select'), ...partial }),
    invoker,
    upstream,
    resourcePath: '/{statusCode}',
    httpMethod: 'GET',
    methodResponses,
  })
  gateways.own(g)
  return g
}

const SELECT_TEMPLATE = { 'application/json': `{"statusCode": "$input.params('statusCode')"}` }

describe('AWS (non-proxy) Lambda integration', () => {
  it("selects integration responses on the error's errorMessage (AWS-recorded selection patterns)", async () => {
    const g = await gateway(
      {
        requestTemplates: SELECT_TEMPLATE,
        integrationResponses: {
          '200': { statusCode: '200', selectionPattern: '' },
          '405': { statusCode: '405', selectionPattern: '.*four hundred.*' },
          '502': { statusCode: '502', selectionPattern: '.+' },
          // a success is not matched against patterns: this never wins
          '504': { statusCode: '504', selectionPattern: '200' },
        },
      },
      ['200', '405', '502', '504'],
    )
    let res = await fetch(`${g.url}/200`)
    assert.equal(res.status, 200)
    assert.equal(await res.json(), 'Pass')

    res = await fetch(`${g.url}/400`)
    assert.equal(res.status, 405)
    const error = await res.json()
    assert.equal(error.errorMessage, 'Error: Raising four hundred from within the Lambda function')
    assert.equal(error.errorType, 'Error')

    res = await fetch(`${g.url}/500`)
    assert.equal(res.status, 502)
    assert.equal((await res.json()).errorMessage, 'Error: Raising five hundred from within the Lambda function')
    assert.ok(g.lastLog().some((l) => l.startsWith('Lambda execution failed with status 200 due to customer function error: Error: Raising five hundred')))
  })

  it('maps a matched error through a template reading $input.path(\'$.errorMessage\')', async () => {
    const g = await gateway(
      {
        requestTemplates: SELECT_TEMPLATE,
        integrationResponses: {
          '200': { statusCode: '200' },
          '400': {
            statusCode: '400',
            selectionPattern: '.*\\[BadRequest\\].*',
            responseTemplates: { 'application/json': `{"error": "$util.escapeJavaScript($input.path('$.errorMessage'))", "type": "$input.path('$.errorType')"}` },
            responseParameters: { 'method.response.header.X-Function-Error': 'integration.response.header.X-Amz-Function-Error' },
          },
        },
      },
      ['200', '400'],
    )
    const res = await fetch(`${g.url}/418`)
    assert.equal(res.status, 400)
    assert.deepEqual(await res.json(), { error: '[BadRequest] unknown status 418', type: 'Error' })
    assert.equal(res.headers.get('x-function-error'), 'Unhandled')
  })

  it('returns an unmatched error with 200 through the default response (Developer Guide)', async () => {
    const g = await gateway({ requestTemplates: SELECT_TEMPLATE, integrationResponses: { '200': { statusCode: '200' }, '400': { statusCode: '400', selectionPattern: 'nothing like it' } } }, ['200', '400'])
    const res = await fetch(`${g.url}/500`)
    assert.equal(res.status, 200)
    assert.equal((await res.json()).errorMessage, 'Error: Raising five hundred from within the Lambda function')
  })

  it('passes a JSON body through without a template, and {} for an empty one', async () => {
    const g = await startLambdaGateway({
      integration: integration({ type: 'AWS', httpMethod: 'POST', uri: lambdaUri('echo'), integrationResponses: { '200': { statusCode: '200' } } }),
      invoker,
      upstream,
    })
    gateways.own(g)
    let res = await fetch(`${g.url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":[1,2]}' })
    assert.deepEqual(await res.json(), { received: { a: [1, 2] } })
    assert.ok(g.lastLog().includes('Endpoint request body after transformations: {"a":[1,2]}'))
    res = await fetch(`${g.url}/`)
    assert.deepEqual(await res.json(), { received: {} })
    res = await fetch(`${g.url}/`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'not json' })
    assert.equal(res.status, 500, 'Lambda refuses a payload that is not JSON')
  })

  it('answers 504 when the integration timeout elapses, 500 when no default response fits', async () => {
    let g = await startLambdaGateway({
      integration: integration({ type: 'AWS', httpMethod: 'POST', uri: lambdaUri('slow'), timeoutInMillis: 100, integrationResponses: { '200': { statusCode: '200' } } }),
      invoker,
      upstream,
    })
    gateways.own(g)
    let res = await fetch(`${g.url}/`)
    assert.equal(res.status, 504)
    assert.deepEqual(await res.json(), { message: 'Endpoint request timed out' })

    g = await gateway({ requestTemplates: SELECT_TEMPLATE, integrationResponses: { '400': { statusCode: '400', selectionPattern: '.*four.*' } } }, ['400'])
    res = await fetch(`${g.url}/200`)
    assert.equal(res.status, 500)
    assert.ok(g.lastLog().some((l) => l.includes('No match for output mapping and no default output mapping configured')))
  })
})
