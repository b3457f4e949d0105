/**
 * `/ping` and `/sping`, reserved on AWS's hosts for the service health check: answered
 * `Healthy Connection` on execute-api hosts and custom domains before any API is looked at (even
 * a stage named `ping`), and left to the API on the path-style URL and everywhere below them.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { request } from 'node:http'
import { CreateBasePathMappingCommand, CreateDeploymentCommand, CreateDomainNameCommand } from '@aws-sdk/client-api-gateway'
import { seedApi } from '../control/stages-harness.ts'
import { useHttpsPortico } from './harness.ts'

let apiId: string

function get(path: string, host: string): Promise<{ status: number; type: string | undefined; body: string }> {
  const url = new URL(h.portico.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'], body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const h = useHttpsPortico({}, async () => {
  apiId = (await seedApi(h.portico, 'pinged')).apiId
  await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'ping' }))
  const arn = await h.registerServerCertificate(['health.example.test'])
  await h.client.send(new CreateDomainNameCommand({ domainName: 'health.example.test', regionalCertificateArn: arn, endpointConfiguration: { types: ['REGIONAL'] } }))
  await h.client.send(new CreateBasePathMappingCommand({ domainName: 'health.example.test', restApiId: apiId }))
  await h.portico.settled()
})

describe('/ping and /sping health checks', () => {
  it('answers 200 Healthy Connection on an execute-api host, even over a stage named ping', async () => {
    for (const path of ['/ping', '/sping']) {
      const r = await get(path, `${apiId}.execute-api.us-east-1.amazonaws.com`)
      assert.deepEqual([r.status, r.type, r.body], [200, 'text/plain', 'Healthy Connection'], path)
    }
    // a level below, the stage named ping is the API's
    assert.deepEqual(JSON.parse((await get('/ping/', `${apiId}.execute-api.us-east-1.amazonaws.com`)).body), { root: true })
  })

  it('answers them on a custom domain too, whose root mapping would otherwise take the stage from the path', async () => {
    assert.equal((await get('/ping', 'health.example.test')).body, 'Healthy Connection')
    assert.equal((await get('/sping', 'health.example.test')).body, 'Healthy Connection')
    assert.deepEqual(JSON.parse((await get('/ping/pets/7', 'health.example.test')).body), { petId: '7' })
  })

  it('leaves the path-style URL to the API', async () => {
    const r = await get(`/_aws/execute-api/${apiId}/ping`, 'localhost')
    assert.deepEqual([r.status, JSON.parse(r.body)], [200, { root: true }])
  })
})
