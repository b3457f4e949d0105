import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { IntegrationConfigError, type UpstreamPools } from '../../src/integrations/index.ts'
import { compile, integration, useGateways, type Gateway, type GatewayOptions } from './harness.ts'

let upstream: UpstreamPools
const gateways = useGateways({}, (started) => {
  upstream = started.upstream
})

const gateway = (options: Omit<GatewayOptions, 'upstream'>): Promise<Gateway> => gateways.start(options)

const okResponse = { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok": true, "stage": "$context.stage"}' } } }

describe('MOCK integration', () => {
  it('reads statusCode from the request template and renders the response template', async () => {
    const g = await gateway({
      integration: integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' }, integrationResponses: okResponse }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.deepEqual(await res.json(), { ok: true, stage: 'test' })
    assert.ok(g.lastLog().includes('Method completed with status: 200'), g.lastLog().join('\n'))
  })

  it('returns the default integration response when there is no request template', async () => {
    const g = await gateway({ integration: integration({ type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'application/json')
    assert.equal(await res.text(), '')
  })

  it("accepts CDK's relaxed `{statusCode: 404}` and selects by pattern", async () => {
    const g = await gateway({
      methodResponses: ['200', '404'],
      integration: integration({
        type: 'MOCK',
        requestTemplates: { 'application/json': '{statusCode: #if($input.params("id") == "x")404#{else}200#end}' },
        integrationResponses: {
          '200': { statusCode: '200' },
          '404': { statusCode: '404', selectionPattern: '4\\d{2}', responseTemplates: { 'application/json': '{"message": "not found"}' } },
        },
      }),
    })
    const missing = await fetch(g.url + '/?id=x')
    assert.equal(missing.status, 404)
    assert.deepEqual(await missing.json(), { message: 'not found' })
    const found = await fetch(g.url + '/?id=y')
    assert.equal(found.status, 200)
  })

  it('applies a responseOverride set in the request template', async () => {
    const g = await gateway({
      integration: integration({
        type: 'MOCK',
        requestTemplates: {
          'application/json': '#set($context.responseOverride.status = 444)\n#set($context.responseOverride.header.foo = "bar")\n{"statusCode": 200}',
        },
        integrationResponses: {
          '200': { statusCode: '200', responseTemplates: { 'application/json': '{"seen": "$context.responseOverride.status"}' } },
        },
      }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 444)
    assert.equal(res.headers.get('foo'), 'bar')
    assert.deepEqual(await res.json(), { seen: '444' })
  })

  it('answers 500 when a template payload has no statusCode', async () => {
    const g = await gateway({
      integration: integration({ type: 'MOCK', requestTemplates: { 'application/json': '{"nothing": 1}' }, integrationResponses: okResponse }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
  })
})

describe('mapping templates that fail while rendering', () => {
  // AWS answers a template that fails at run time with 500 {"message": "Internal server error"}
  // and writes the cause to the execution log; here the failure is the #foreach limit (1,000).
  const runaway = '#foreach($i in [1..2000])$i#end'

  it('a request template failing at run time answers 500 and logs the cause', async () => {
    const g = await gateway({ integration: integration({ type: 'MOCK', requestTemplates: { 'application/json': runaway }, integrationResponses: okResponse }) })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    const log = g.lastLog().join('\n')
    assert.match(log, /Execution failed due to configuration error: Unable to transform request: .*1000/)
  })

  it('a response template failing at run time answers 500 and logs the cause', async () => {
    const g = await gateway({
      integration: integration({
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': runaway } } },
      }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    assert.match(g.lastLog().join('\n'), /Execution failed due to configuration error: Unable to transform response: /)
  })
})

describe('request template selection and passthroughBehavior', () => {
  const templates = { 'application/json': '{"statusCode": 200}' }
  const responses = {
    '200': { statusCode: '200', responseTemplates: { 'application/json': '{"code": 200}' } },
    '201': { statusCode: '201', selectionPattern: '201', responseTemplates: { 'application/json': '{"code": 201}' } },
  }
  const post = (g: Gateway, contentType: string | undefined, body: string) =>
    fetch(g.url + '/', { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body })

  it('strips media type parameters and defaults to application/json', async () => {
    const g = await gateway({ methodResponses: ['200', '201'], integration: integration({ type: 'MOCK', requestTemplates: templates, passthroughBehavior: 'NEVER', integrationResponses: responses }) })
    assert.equal((await post(g, 'Application/JSON; charset=UTF-8', '{}')).status, 200)
    // fetch sends text/plain for a string body unless told otherwise; an absent header means application/json
    const res = await fetch(g.url + '/', { method: 'GET' })
    assert.equal(res.status, 200)
  })

  it('WHEN_NO_MATCH passes an unmatched payload through', async () => {
    const g = await gateway({ methodResponses: ['200', '201'], integration: integration({ type: 'MOCK', requestTemplates: templates, passthroughBehavior: 'WHEN_NO_MATCH', integrationResponses: responses }) })
    const res = await post(g, 'application/xml', '{"statusCode": 201}')
    assert.equal(res.status, 201)
    assert.deepEqual(await res.json(), { code: 201 })
  })

  it('WHEN_NO_TEMPLATES rejects an unmatched type once templates exist, passes through without templates', async () => {
    const withTemplates = await gateway({ integration: integration({ type: 'MOCK', requestTemplates: templates, passthroughBehavior: 'WHEN_NO_TEMPLATES', integrationResponses: responses }) })
    const rejected = await post(withTemplates, 'application/xml', '<a/>')
    assert.equal(rejected.status, 415)
    assert.deepEqual(await rejected.json(), { message: 'Unsupported Media Type' })
    assert.equal((await post(withTemplates, 'application/json', '{}')).status, 200)

    const without = await gateway({ methodResponses: ['200', '201'], integration: integration({ type: 'MOCK', passthroughBehavior: 'WHEN_NO_TEMPLATES', integrationResponses: responses }) })
    assert.equal((await post(without, 'application/xml', '{"statusCode": 201}')).status, 201)
  })

  it('NEVER rejects an unmatched type, and any type when there are no templates', async () => {
    const withTemplates = await gateway({ integration: integration({ type: 'MOCK', requestTemplates: templates, passthroughBehavior: 'NEVER', integrationResponses: responses }) })
    assert.equal((await post(withTemplates, 'text/plain', 'x')).status, 415)
    assert.equal((await post(withTemplates, 'application/json', '{}')).status, 200)
    const without = await gateway({ integration: integration({ type: 'MOCK', passthroughBehavior: 'NEVER', integrationResponses: responses }) })
    assert.equal((await post(without, 'application/json', '{}')).status, 415)
  })
})

describe('integration response', () => {
  const responseTemplates = { 'application/json': '{"type": "json"}', 'application/xml': '<type>xml</type>' }

  it('selects the response template by the first Accept value; no match → the first template', async () => {
    const g = await gateway({
      integration: integration({ type: 'MOCK', integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/xml': '<type>xml</type>', 'text/plain': 'plain' } } } }),
    })
    const xml = await fetch(g.url + '/', { headers: { accept: 'text/plain, application/xml' } })
    assert.equal(await xml.text(), 'plain')
    const unknown = await fetch(g.url + '/', { headers: { accept: 'image/png' } })
    assert.equal(await unknown.text(), '<type>xml</type>')
  })

  it('without Accept uses the application/json template', async () => {
    const g = await gateway({ integration: integration({ type: 'MOCK', integrationResponses: { '200': { statusCode: '200', responseTemplates } } }) })
    const res = await fetch(g.url + '/', { headers: { accept: '' } })
    assert.deepEqual(await res.json(), { type: 'json' })
    const xml = await fetch(g.url + '/', { headers: { accept: 'application/xml;q=0.9' } })
    assert.equal(await xml.text(), '<type>xml</type>')
  })

  it('answers 500 when nothing matches and there is no default response', async () => {
    const g = await gateway({
      integration: integration({ type: 'MOCK', integrationResponses: { '400': { statusCode: '400', selectionPattern: '4\\d{2}' } } }),
      methodResponses: ['400'],
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
    assert.deepEqual(await res.json(), { message: 'Internal server error' })
    assert.ok(g.lastLog().some((l) => l.includes('No match for output mapping and no default output mapping configured')))
  })

  it('answers 500 when the selected status has no method response', async () => {
    const g = await gateway({ integration: integration({ type: 'MOCK', integrationResponses: { '201': { statusCode: '201' } } }), methodResponses: ['200'] })
    const res = await fetch(g.url + '/')
    assert.equal(res.status, 500)
    assert.ok(g.lastLog().some((l) => l.includes('Output mapping refers to an invalid method response: 201')))
  })

  it('maps static, context and stage-variable response parameters, remapping reserved names', async () => {
    const g = await gateway({
      stageVariables: { region: 'eu-west-1' },
      integration: integration({
        type: 'MOCK',
        integrationResponses: {
          '200': {
            statusCode: '200',
            responseParameters: {
              'method.response.header.X-Static': "'static value'",
              'method.response.header.X-Request': 'context.requestId',
              'method.response.header.X-Region': 'stageVariables.region',
              'method.response.header.Server': "'my-server'",
              'method.response.header.Content-Type': "'text/plain'",
            },
          },
        },
      }),
    })
    const res = await fetch(g.url + '/')
    assert.equal(res.headers.get('x-static'), 'static value')
    assert.match(res.headers.get('x-request') ?? '', /^00000000-0000-4000-8000-/)
    assert.equal(res.headers.get('x-region'), 'eu-west-1')
    assert.equal(res.headers.get('x-amzn-remapped-server'), 'my-server')
    assert.equal(res.headers.get('content-type'), 'text/plain')
  })
})

describe('AWS and AWS_PROXY', () => {
  it('answers 500 Internal server error until the Lambda runtime exists', async () => {
    for (const type of ['AWS', 'AWS_PROXY'] as const) {
      const g = await gateway({ integration: integration({ type, uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations' }) })
      const res = await fetch(g.url + '/')
      assert.equal(res.status, 500)
      assert.equal(res.headers.get('x-amzn-errortype'), 'InternalServerErrorException')
      assert.deepEqual(await res.json(), { message: 'Internal server error' })
      assert.ok(g.lastLog().some((l) => l.includes('Lambda runtime')))
    }
  })
})

describe('compile-time configuration errors', () => {
  it('rejects invalid templates, mapping expressions and selection patterns', () => {
    const bad: Array<Parameters<typeof integration>[0]> = [
      { type: 'MOCK', requestTemplates: { 'application/json': '#if($a' } },
      { type: 'MOCK', integrationResponses: { '200': { statusCode: '200', selectionPattern: '(' } } },
      { type: 'MOCK', requestParameters: { 'integration.request.header.x': 'nonsense' } },
      { type: 'MOCK', requestParameters: { 'integration.request.body.x': "'v'" } },
      { type: 'HTTP', uri: 'ftp://example.com' },
      { type: 'HTTP_PROXY' },
    ]
    for (const partial of bad) {
      assert.throws(() => compile({ integration: integration(partial), upstream }), IntegrationConfigError, JSON.stringify(partial))
    }
  })

  it('leaves the request template stage out of HTTP_PROXY', () => {
    const stages = compile({ integration: integration({ type: 'HTTP_PROXY', uri: 'http://example.com/{proxy}' }), upstream })
    assert.deepEqual(stages.map((s) => s.name), ['httpProxyIntegration'])
    const mock = compile({ integration: integration({ type: 'MOCK' }), upstream })
    assert.deepEqual(mock.map((s) => s.name), ['integrationRequest', 'mockIntegration', 'integrationResponse'])
  })
})
