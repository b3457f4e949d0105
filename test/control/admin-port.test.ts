/**
 * --admin-port: the management API (and /metrics) on a listener of its own; the data plane's
 * port then serves the APIs only, and answers a management call with its AWS-shaped 404.
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { CreateDeploymentCommand, GetRestApisCommand, ImportRestApiCommand } from '@aws-sdk/client-api-gateway'
import { ConfigError, resolveConfig } from '../../src/config.ts'
import { resolveEndpoint } from '../../src/cli/management-client.ts'
import { send } from '../data/fixtures.ts'
import { sdkClient, sdkError, useHarness } from './harness.ts'

describe('the management API on its own port', () => {
  let apiId: string
  const h = useHarness(
    { adminPort: '0' },
    {
      setup: async () => {
        const api = await h.client.send(new ImportRestApiCommand({ body: readFileSync('test/fixtures/e2e/orders.yaml') }))
        apiId = api.id!
        await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { greeting: 'hi' } }))
        await h.portico.settled()
      },
    },
  )

  it('listens on two ports', () => {
    assert.notEqual(h.portico.adminAddress.port, h.portico.address.port)
    assert.notEqual(h.portico.adminUrl, h.portico.url)
  })

  it('the data port serves the APIs, both URL forms', async () => {
    const port = h.portico.address.port
    let r = await send(port, { path: `/_aws/execute-api/${apiId}/prod/orders/7` })
    assert.equal(r.status, 200)
    assert.deepEqual(r.json(), { orderId: '7', stage: 'prod', greeting: 'hi' })
    r = await send(port, { path: '/prod/orders/8', headers: { host: `${apiId}.execute-api.localhost` } })
    assert.equal(r.json().orderId, '8')
  })

  it('the data port answers a management call with its AWS-shaped 404, signed or not', async () => {
    const e = await sdkError(() => sdkClient(h.portico.url).send(new GetRestApisCommand({})))
    assert.equal(e.$metadata.httpStatusCode, 404)
    assert.equal(e.name, 'NotFoundException')
    const r = await send(h.portico.address.port, { path: '/restapis' })
    assert.equal(r.status, 404)
    assert.equal(r.headers['x-amzn-errortype'], 'NotFoundException')
    assert.match(r.json().message, /No API matches this URL/)
    assert.equal((await send(h.portico.address.port, { path: '/metrics' })).status, 404)
  })

  it('the admin port answers the management API and /metrics, never an API', async () => {
    const listed = await h.client.send(new GetRestApisCommand({}))
    assert.deepEqual(listed.items?.map((a) => a.id), [apiId])
    const metrics = await send(h.portico.adminAddress.port, { path: '/metrics' })
    assert.equal(metrics.status, 200)
    assert.match(metrics.body, /# TYPE/)
    const r = await send(h.portico.adminAddress.port, { path: `/_aws/execute-api/${apiId}/prod/orders/7` })
    assert.equal(r.status, 403)
    assert.equal(r.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
  })
})

describe('--admin-port settings', () => {
  it('flag, then PORTICO_ADMIN_PORT; unset shares --port; equal to --port is refused', () => {
    assert.equal(resolveConfig({ port: 4566 }, {}).adminPort, undefined)
    assert.equal(resolveConfig({ port: 4566, adminPort: '4567' }, { PORTICO_ADMIN_PORT: '4999' }).adminPort, 4567)
    assert.equal(resolveConfig({ port: 4566 }, { PORTICO_ADMIN_PORT: '4999' }).adminPort, 4999)
    assert.throws(() => resolveConfig({ port: 4566, adminPort: '4566' }, {}), ConfigError)
    assert.throws(() => resolveConfig({ adminPort: '70000' }, {}), /--admin-port must be an integer between 0 and 65535/)
  })

  it('the CLI calls the admin port by default', () => {
    assert.equal(resolveEndpoint(resolveConfig({ port: 4566, adminPort: '4567' }, {}), undefined, {}), 'http://localhost:4567')
    assert.equal(resolveEndpoint(resolveConfig({ port: 4566 }, {}), undefined, {}), 'http://localhost:4566')
  })
})
