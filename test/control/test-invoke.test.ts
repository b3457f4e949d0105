import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CreateRequestValidatorCommand, TestInvokeMethodCommand } from '@aws-sdk/client-api-gateway'
import { editApi, invoke, rejects, seedApi, useTestPortico } from './stages-harness.ts'

let backend: Server
let backendUrl: string
const t = useTestPortico(async () => {
  backend = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString()
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': 'yes' })
      res.end(JSON.stringify({ url: req.url, method: req.method, auth: req.headers['x-token'] ?? null, ...(body && { body }) }))
    })
  })
  await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r))
  backendUrl = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
  return () => new Promise((r) => backend.close(r))
})

const STAMP = /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d\d \d\d:\d\d:\d\d UTC \d{4} : /

describe('TestInvokeMethod', () => {
  it("runs the undeployed definition and answers AWS's shape and execution log", async () => {
    const { apiId, petId } = await seedApi(t.portico)
    const res = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petId, httpMethod: 'GET', pathWithQueryString: '/pets/123' }))
    assert.equal(res.$metadata.httpStatusCode, 200)
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body!), { petId: '123' })
    assert.deepEqual(res.headers, { 'Content-Type': 'application/json' })
    assert.deepEqual(res.multiValueHeaders, { 'Content-Type': ['application/json'] })
    assert.equal(typeof res.latency, 'number')
    const lines = res.log!.split('\n')
    assert.match(lines[0]!, /^Execution log for request [0-9a-f-]{36}$/)
    const requestId = lines[0]!.slice('Execution log for request '.length)
    assert.equal(lines.at(-1), '')
    for (const line of lines.slice(1, -1)) assert.match(line, STAMP)
    const bare = lines.slice(1, -1).map((l) => l.replace(STAMP, ''))
    assert.deepEqual(bare.slice(0, 7), [
      `Starting execution for request: ${requestId}`,
      'HTTP Method: GET, Resource Path: /pets/123',
      'Method request path: {petId=123}',
      'Method request query string: {}',
      'Method request headers: {}',
      'Method request body before transformations: ',
      ...bare.slice(6, 7),
    ])
    assert.ok(bare.includes('Method response body after transformations: {"petId": "123"}'))
    assert.ok(bare.includes('Method response headers: {Content-Type=application/json}'))
    assert.equal(bare.at(-2), 'Successfully completed execution')
    assert.equal(bare.at(-1), 'Method completed with status: 200')
    // nothing was deployed
    assert.equal((await invoke(t.portico, apiId, 'test-invoke-stage', '/pets/123')).status, 403)
  })

  it("as on AWS: no path → the template is the path; a path that does not fit → no path parameters", async () => {
    const { apiId, petId } = await seedApi(t.portico)
    const noPath = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petId, httpMethod: 'GET' }))
    assert.deepEqual(JSON.parse(noPath.body!), { petId: '{petId}' })
    assert.match(noPath.log!, /HTTP Method: GET, Resource Path: \/pets\/\{petId\}/)
    const badPath = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petId, httpMethod: 'GET', pathWithQueryString: '/random/test' }))
    assert.equal(badPath.status, 200)
    assert.deepEqual(JSON.parse(badPath.body!), { petId: '' })
    assert.match(badPath.log!, /Method request path: \{\}/)
  })

  it('stage variables, headers and query strings reach the method', async () => {
    const { apiId, petsId } = await seedApi(t.portico)
    const res = await t.client.send(
      new TestInvokeMethodCommand({
        restApiId: apiId,
        resourceId: petsId,
        httpMethod: 'GET',
        pathWithQueryString: '/pets?q=1',
        headers: { 'X-One': 'a' },
        stageVariables: { v: 'from-test' },
      }),
    )
    assert.deepEqual(JSON.parse(res.body!), { pets: 'from-test' })
    assert.match(res.log!, /Method request query string: \{q=1\}/)
    assert.match(res.log!, /Method request headers: \{X-One=a\}/)
  })

  it('an HTTP integration calls the backend; its headers come back', async () => {
    const { apiId, petsId } = await seedApi(t.portico)
    await editApi(t.portico, apiId, (d) => {
      d.resources[1]!.resourceMethods!.GET!.methodIntegration = { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${backendUrl}/backend`, timeoutInMillis: 29000 }
    })
    const res = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petsId, httpMethod: 'GET', headers: { 'x-token': 'secret' } }))
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body!), { url: '/backend', method: 'GET', auth: 'secret' })
    assert.equal(res.headers!['x-backend'], 'yes')
    assert.match(res.log!, /Sending request to http:\/\/127\.0\.0\.1:\d+\/backend/)
  })

  it('an ANY method runs for the verb asked, with the body given', async () => {
    const { apiId, petsId } = await seedApi(t.portico)
    await editApi(t.portico, apiId, (d) => {
      d.resources[1]!.resourceMethods = {
        ANY: { httpMethod: 'ANY', authorizationType: 'NONE', apiKeyRequired: false, methodIntegration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${backendUrl}/any`, timeoutInMillis: 29000 } },
      }
    })
    const res = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petsId, httpMethod: 'POST', body: '{"name":"rex"}', headers: { 'Content-Type': 'application/json' } }))
    assert.equal(res.status, 200)
    assert.deepEqual(JSON.parse(res.body!), { url: '/any', method: 'POST', auth: null, body: '{"name":"rex"}' })
    assert.match(res.log!, /HTTP Method: POST, Resource Path: \/pets/)
    assert.match(res.log!, /Method request body before transformations: \{"name":"rex"\}/)
  })

  it('failures: request validation, broken configuration, unknown resource or method', async () => {
    const { apiId, petsId, petId, rootId } = await seedApi(t.portico)
    const v = await t.client.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: 'params', validateRequestParameters: true }))
    await editApi(t.portico, apiId, (d) => {
      Object.assign(d.resources[1]!.resourceMethods!.GET!, { requestValidatorId: v.id, requestParameters: { 'method.request.querystring.q': true } })
      d.resources[0]!.resourceMethods!.GET!.methodIntegration = { type: 'HTTP', httpMethod: 'GET', uri: 'http://${stageVariables.host}/x', timeoutInMillis: 29000 }
    })
    const invalid = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petsId, httpMethod: 'GET' }))
    assert.equal(invalid.status, 400)
    assert.deepEqual(JSON.parse(invalid.body!), { message: 'Missing required request parameters: [q]' })
    assert.match(invalid.log!, /Method completed with status: 400\n$/)
    const broken = await t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: rootId, httpMethod: 'GET' }))
    assert.equal(broken.status, 500)
    assert.match(broken.log!, /Execution failed due to configuration error: Invalid endpoint address/)
    assert.equal(broken.headers!['x-amzn-ErrorType'], 'InternalServerErrorException')
    await rejects(() => t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: 'nope', httpMethod: 'GET' })), 'NotFoundException', 404, 'Invalid Resource identifier specified')
    await rejects(() => t.client.send(new TestInvokeMethodCommand({ restApiId: apiId, resourceId: petId, httpMethod: 'POST' })), 'NotFoundException', 404, 'Invalid Method identifier specified')
  })
})
