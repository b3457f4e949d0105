/**
 * The CLI flow through the SDK: create-rest-api → create-resource → put-method →
 * put-integration (MOCK) → put-method-response → put-integration-response → create-deployment
 * → the invoke URL answers (path-style and host-style) → delete-rest-api → it stops answering.
 * Plus what the protocol layer promises on every answer.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'undici'
import {
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  DeleteRestApiCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
} from '@aws-sdk/client-api-gateway'
import { ACCESS_KEY_ID, signedHeaders, useHarness } from './harness.ts'

const h = useHarness()

describe('create → deploy → invoke', () => {
  it('serves what the management API built, on the same port', async () => {
    const { client } = h
    const api = await client.send(new CreateRestApiCommand({ name: 'walkthrough' }))
    const pets = await client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'pets' }))
    await client.send(new PutMethodCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE' }))
    await client.send(
      new PutIntegrationCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
    )
    await client.send(
      new PutMethodResponseCommand({ restApiId: api.id, resourceId: pets.id, httpMethod: 'GET', statusCode: '200', responseParameters: { 'method.response.header.X-Kind': false } }),
    )
    await client.send(
      new PutIntegrationResponseCommand({
        restApiId: api.id,
        resourceId: pets.id,
        httpMethod: 'GET',
        statusCode: '200',
        responseParameters: { 'method.response.header.X-Kind': "'mock'" },
        responseTemplates: { 'application/json': '{"pets": [], "stage": "$context.stage"}' },
      }),
    )
    const deployment = await client.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }))
    assert.equal(deployment.$metadata.httpStatusCode, 201)
    await h.portico.settled()

    const res = await request(`${h.portico.url}/_aws/execute-api/${api.id}/prod/pets`)
    assert.equal(res.statusCode, 200)
    assert.equal(res.headers['x-kind'], 'mock')
    assert.deepEqual(await res.body.json(), { pets: [], stage: 'prod' })
    const byHost = await request(`${h.portico.url}/prod/pets`, { headers: { host: `${api.id}.execute-api.localhost` } })
    assert.equal(byHost.statusCode, 200)
    await byHost.body.dump()

    await client.send(new DeleteRestApiCommand({ restApiId: api.id }))
    await h.portico.settled()
    const gone = await request(`${h.portico.url}/_aws/execute-api/${api.id}/prod/pets`)
    assert.equal(gone.statusCode, 403)
    await gone.body.dump()
  })

  it('records each successful change in the audit trail, without secrets', async () => {
    const before = (await h.portico.store.listAudit()).length
    const api = await h.client.send(new CreateRestApiCommand({ name: 'audited', description: 'x' }))
    const entries = (await h.portico.store.listAudit()).slice(before)
    assert.equal(entries.length, 1)
    const [entry] = entries
    assert.equal(entry!.operation, 'CreateRestApi')
    assert.equal(entry!.accessKeyId, ACCESS_KEY_ID)
    assert.equal(entry!.resource, '/restapis')
    assert.match(entry!.requestId, /^[0-9a-f-]{36}$/)
    assert.deepEqual((entry!.parameters as { body: unknown }).body, { name: 'audited', description: 'x' })
    // reads and failures are not audited
    await h.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a' })).catch(() => undefined)
    await h.client.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'a' })).catch(() => undefined)
    const after = (await h.portico.store.listAudit()).slice(before)
    assert.deepEqual(after.map((e) => e.operation), ['CreateRestApi', 'CreateResource'])
  })
})

describe('the protocol layer', () => {
  it('answers bad JSON with 400 SerializationException, and sends x-amzn-RequestId on every answer', async () => {
    const u = new URL(`${h.portico.url}/restapis`)
    const body = '{"name": '
    const headers = await signedHeaders(u.href, 'POST', body)
    const res = await request(u, { method: 'POST', headers, body })
    assert.equal(res.statusCode, 400)
    assert.equal(res.headers['x-amzn-errortype'], 'SerializationException')
    assert.match(String(res.headers['x-amzn-requestid']), /^[0-9a-f-]{36}$/)
    await res.body.dump()
  })
})
