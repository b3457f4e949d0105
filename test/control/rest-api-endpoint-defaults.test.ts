/**
 * Differences an AWS-recorded suite found in RestApi answers, each checked as AWS recorded it
 * (LocalStack's snapshots, recorded against AWS: tests/aws/services/apigateway/
 * test_apigateway_api.snapshot.json — test_create_rest_api_verify_defaults,
 * test_create_rest_api_with_endpoint_configuration, test_update_rest_api_ip_address_type,
 * test_create_rest_api_with_optional_params, test_update_rest_api_*; AWS's CLI example for
 * update-rest-api with a security policy shows `"tags": {}` too):
 * - `endpointConfiguration.ipAddressType`: `ipv4` for EDGE/REGIONAL, `dualstack` for PRIVATE, in
 *   every answer, also after ImportRestApi;
 * - an empty `description` is refused;
 * - UpdateRestApi/PutRestApi answer `"tags": {}`, Create/Get leave it out.
 * Raw JSON is read where the absence of a member matters (the SDK cannot tell `{}` from absent).
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateRestApiCommand, GetRestApiCommand, ImportRestApiCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { request } from 'undici'
import { sdkError, signedHeaders, useHarness } from './harness.ts'

const h = useHarness()

async function raw(method: string, path: string, body = ''): Promise<{ status: number; json: Record<string, any> }> {
  const url = `${h.portico.url}${path}`
  const res = await request(url, { method: method as 'GET', headers: await signedHeaders(url, method, body), body: body || undefined })
  return { status: res.statusCode, json: (await res.body.json()) as Record<string, any> }
}

const DOC = (extension?: Record<string, unknown>) =>
  JSON.stringify({
    openapi: '3.0.1',
    info: { title: 'endpoint-defaults', version: '1' },
    paths: {},
    ...(extension && { 'x-amazon-apigateway-endpoint-configuration': extension }),
  })

describe('endpointConfiguration.ipAddressType', () => {
  it('defaults to ipv4 for EDGE (also with no configuration) and REGIONAL, dualstack for PRIVATE', async () => {
    const none = await h.client.send(new CreateRestApiCommand({ name: 'none' }))
    assert.deepEqual(none.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'ipv4' })
    const regional = await h.client.send(new CreateRestApiCommand({ name: 'regional', endpointConfiguration: { types: ['REGIONAL'] } }))
    assert.deepEqual(regional.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'ipv4' })
    const priv = await h.client.send(new CreateRestApiCommand({ name: 'private', endpointConfiguration: { types: ['PRIVATE'] } }))
    assert.deepEqual(priv.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' })
    const got = await h.client.send(new GetRestApiCommand({ restApiId: priv.id }))
    assert.equal(got.endpointConfiguration?.ipAddressType, 'dualstack')
  })

  it('keeps a chosen dualstack; refuses an unknown value and ipv4 for PRIVATE', async () => {
    const edge = await h.client.send(new CreateRestApiCommand({ name: 'ds', endpointConfiguration: { types: ['EDGE'], ipAddressType: 'dualstack' } }))
    assert.deepEqual(edge.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'dualstack' })
    const wrong = await raw('POST', '/restapis', JSON.stringify({ name: 'x', endpointConfiguration: { ipAddressType: 'wrong' } }))
    assert.equal(wrong.status, 400)
    assert.equal(
      wrong.json.message,
      "1 validation error detected: Value 'wrong' at 'createRestApiInput.endpointConfiguration.ipAddressType' failed to satisfy constraint: Member must satisfy enum value set: [ipv4, dualstack]",
    )
    const e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'p4', endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'ipv4' } })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Only dualstack ipAddressType is supported for Private APIs.')
  })

  it('UpdateRestApi: a switch to PRIVATE makes it dualstack; replace only; AWS texts for bad values', async () => {
    const api = await h.client.send(new CreateRestApiCommand({ name: 'switch' }))
    const types = ['EDGE', 'REGIONAL', 'PRIVATE'].map((value) => ({ op: 'replace' as const, path: '/endpointConfiguration/types/0', value }))
    const out = await h.client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: types }))
    assert.deepEqual(out.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' })
    const cases: Array<[{ op: 'replace' | 'remove'; path: string; value: string }, string]> = [
      [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'ipv4' }, 'Only dualstack ipAddressType is supported for Private APIs.'],
      [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'wrong' }, 'ipAddressType must be either ipv4 or dualstack.'],
      [{ op: 'replace', path: '/endpointConfiguration/types/0', value: 'wrong' }, 'Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE'],
    ]
    for (const [op, message] of cases) {
      const e = await sdkError(() => h.client.send(new UpdateRestApiCommand({ restApiId: api.id, patchOperations: [op] })))
      assert.equal(e.name, 'BadRequestException', op.path)
      assert.equal(e.message, message)
    }
    const regional = await h.client.send(new CreateRestApiCommand({ name: 'to-ds', endpointConfiguration: { types: ['REGIONAL'] } }))
    const ds = await h.client.send(
      new UpdateRestApiCommand({ restApiId: regional.id, patchOperations: [{ op: 'replace', path: '/endpointConfiguration/ipAddressType', value: 'dualstack' }] }),
    )
    assert.deepEqual(ds.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'dualstack' })
  })

  it('ImportRestApi: the default for the imported type, or the extension ipAddressType', async () => {
    const edge = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(DOC()) }))
    assert.deepEqual(edge.endpointConfiguration, { types: ['EDGE'], ipAddressType: 'ipv4' })
    const priv = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(DOC()), parameters: { endpointConfigurationTypes: 'PRIVATE' } }))
    assert.deepEqual(priv.endpointConfiguration, { types: ['PRIVATE'], ipAddressType: 'dualstack' })
    const ds = await h.client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(DOC({ ipAddressType: 'dualstack' })), parameters: { endpointConfigurationTypes: 'REGIONAL' } }))
    assert.deepEqual(ds.endpointConfiguration, { types: ['REGIONAL'], ipAddressType: 'dualstack' })
  })
})

describe('description and tags', () => {
  it('CreateRestApi refuses an empty description with AWS text', async () => {
    const e = await sdkError(() => h.client.send(new CreateRestApiCommand({ name: 'empty', description: '' })))
    assert.equal(e.name, 'BadRequestException')
    assert.equal(e.message, 'Description cannot be an empty string')
  })

  it('UpdateRestApi and PutRestApi answer "tags": {}; CreateRestApi and GetRestApi leave tags out', async () => {
    const created = await raw('POST', '/restapis', JSON.stringify({ name: 'tagless' }))
    assert.equal(created.status, 201)
    assert.equal('tags' in created.json, false)
    const id = created.json.id as string
    assert.equal('tags' in (await raw('GET', `/restapis/${id}`)).json, false)
    const updated = await raw('PATCH', `/restapis/${id}`, JSON.stringify({ patchOperations: [{ op: 'replace', path: '/description', value: 'd' }] }))
    assert.deepEqual(updated.json.tags, {})
    const put = await raw('PUT', `/restapis/${id}?mode=merge`, DOC())
    assert.equal(put.status, 200)
    assert.deepEqual(put.json.tags, {})
    const tagged = await raw('POST', '/restapis', JSON.stringify({ name: 'tagged', tags: { a: 'b' } }))
    assert.deepEqual(tagged.json.tags, { a: 'b' })
  })
})
