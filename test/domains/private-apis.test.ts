/**
 * PRIVATE REST APIs through VPC endpoint listeners (`--vpce-listener`), over real sockets:
 * - CreateDeployment refuses a PRIVATE API without a resource policy (AWS's text);
 * - a PRIVATE API answers 403 Forbidden on the public listener, a REGIONAL one 403 through an endpoint;
 * - through an endpoint the API is named by `{apiId}.execute-api…`, `{apiId}-{vpceId}.execute-api…`
 *   (another endpoint's alias, or the alias of an endpoint not in the API's vpcEndpointIds, is
 *   refused) or `x-apigw-api-id`;
 * - `aws:SourceVpc` / `aws:SourceVpce` conditions of the resource policy see the listener's ids,
 *   and `$context.identity.vpceId` / `vpcId` carry them.
 */
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateDeploymentCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { useHarness } from '../control/harness.ts'
import { getWithHeaders } from '../support/get-text.ts'
import { editApi, mockMethod, rejects, seedApi } from '../control/stages-harness.ts'

const A = 'vpce-0aaa1111' // in vpc-0456cdef: allowed by the VPC condition
const B = 'vpce-0bbb2222' // no VPC given: the Allow's condition does not hold
const C = 'vpce-0ccc3333' // in vpc-0456cdef, but denied by name

const h = useHarness({ vpceListeners: `${A}/vpc-0456cdef=127.0.0.1:0,127.0.0.1:0=${B},${C}/vpc-0456cdef=127.0.0.1:0` })

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-0456cdef' } } },
    { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': C } } },
  ],
})

const get = getWithHeaders

describe('PRIVATE REST APIs and VPC endpoint listeners', () => {
  let priv: string
  let regional: string
  before(async () => {
    priv = (await seedApi(h.portico, 'private')).apiId
    regional = (await seedApi(h.portico, 'regional')).apiId
    await editApi(h.portico, priv, (d) => {
      d.restApi.endpointConfiguration = { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: [A] }
      d.resources[0]!.resourceMethods!.GET = mockMethod('{"vpce": "$context.identity.vpceId", "vpc": "$context.identity.vpcId"}')
    })
    await editApi(h.portico, regional, (d) => {
      d.restApi.endpointConfiguration = { types: ['REGIONAL'], ipAddressType: 'ipv4' }
    })
  })

  it('refuses to deploy a PRIVATE API without a resource policy, as AWS does', async () => {
    await rejects(() => h.client.send(new CreateDeploymentCommand({ restApiId: priv, stageName: 'prod' })), 'BadRequestException', 400, "Private REST API doesn't have a resource policy attached to it")
    await h.client.send(new UpdateRestApiCommand({ restApiId: priv, patchOperations: [{ op: 'replace', path: '/policy', value: POLICY }] }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: priv, stageName: 'prod' }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: regional, stageName: 'prod' }))
    await h.portico.settled()
  })

  it('serves a PRIVATE API only through a VPC endpoint listener; the public listener answers 403 Forbidden', async () => {
    const host = `${priv}.execute-api.us-east-1.amazonaws.com`
    const publicly = await get(h.portico.url, '/prod/', { host })
    assert.deepEqual([publicly.status, JSON.parse(publicly.body)], [403, { message: 'Forbidden' }])
    const pathStyle = await get(h.portico.url, `/_aws/execute-api/${priv}/prod/`, { host: 'localhost' })
    assert.equal(pathStyle.status, 403)
    const through = await get(h.portico.vpceUrls[A]!, '/prod/', { host })
    assert.equal(through.status, 200, through.body)
    assert.deepEqual(JSON.parse(through.body), { vpce: A, vpc: 'vpc-0456cdef' })
  })

  it('inject() takes the VPC endpoint a request comes through, as the listeners do', async () => {
    const host = `${priv}.execute-api.us-east-1.amazonaws.com`
    assert.equal((await h.portico.inject({ path: '/prod/', headers: { host } })).statusCode, 403)
    const through = await h.portico.inject({ path: '/prod/', headers: { host }, vpce: { vpceId: A, vpcId: 'vpc-0456cdef' } })
    assert.deepEqual([through.statusCode, through.json()], [200, { vpce: A, vpc: 'vpc-0456cdef' }])
  })

  it('names the API by its Route 53 alias {apiId}-{vpceId} (this endpoint only) or the x-apigw-api-id header', async () => {
    const alias = await get(h.portico.vpceUrls[A]!, '/prod/', { host: `${priv}-${A}.execute-api.us-east-1.amazonaws.com` })
    assert.equal(alias.status, 200, alias.body)
    const othersAlias = await get(h.portico.vpceUrls[A]!, '/prod/', { host: `${priv}-${B}.execute-api.us-east-1.amazonaws.com` })
    assert.equal(othersAlias.status, 403)
    // B's own alias through B's endpoint: B is not among the API's vpcEndpointIds, so AWS has no such alias (403 Forbidden, not the policy's text)
    const unassociated = await get(h.portico.vpceUrls[B]!, '/prod/', { host: `${priv}-${B}.execute-api.us-east-1.amazonaws.com` })
    assert.deepEqual([unassociated.status, JSON.parse(unassociated.body)], [403, { message: 'Forbidden' }])
    const header = await get(h.portico.vpceUrls[A]!, '/prod/', { host: `${A}-x1y2z3.execute-api.us-east-1.vpce.amazonaws.com`, 'x-apigw-api-id': priv })
    assert.equal(header.status, 200, header.body)
    // the header means nothing on the public listener: the Host's API answers
    const publicHeader = await get(h.portico.url, '/prod/', { host: `${regional}.execute-api.us-east-1.amazonaws.com`, 'x-apigw-api-id': priv })
    assert.deepEqual([publicHeader.status, JSON.parse(publicHeader.body)], [200, { root: true }])
  })

  it('routes nothing but PRIVATE APIs through an endpoint: a REGIONAL API answers 403 there, 200 publicly', async () => {
    const host = `${regional}.execute-api.us-east-1.amazonaws.com`
    const through = await get(h.portico.vpceUrls[A]!, '/prod/', { host })
    assert.deepEqual([through.status, JSON.parse(through.body)], [403, { message: 'Forbidden' }])
    assert.equal((await get(h.portico.url, '/prod/', { host })).status, 200)
  })

  it('evaluates aws:SourceVpc and aws:SourceVpce against the endpoint the request came through', async () => {
    const host = `${priv}.execute-api.us-east-1.amazonaws.com`
    const resource = `arn:aws:execute-api:us-east-1:${h.portico.config.accountId}:${priv}/prod/GET/`
    const noVpc = await get(h.portico.vpceUrls[B]!, '/prod/', { host })
    assert.deepEqual([noVpc.status, JSON.parse(noVpc.body)], [403, { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource}` }])
    const denied = await get(h.portico.vpceUrls[C]!, '/prod/', { host })
    assert.deepEqual([denied.status, JSON.parse(denied.body)], [403, { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource} with an explicit deny` }])
  })
})
