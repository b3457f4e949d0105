/**
 * EDGE endpoints as CloudFront forwards to them (api-gateway-api-endpoint-types): standard header
 * names capitalised (`cookie` → `Cookie`), cookies sorted by name, custom names as sent (as AWS
 * recorded them); REGIONAL APIs pass names and cookies as sent. Seen by a real HTTP_PROXY
 * backend over real sockets.
 */
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CreateDeploymentCommand } from '@aws-sdk/client-api-gateway'
import { useHarness } from '../control/harness.ts'
import { editApi, seedApi } from '../control/stages-harness.ts'
import { canonicalName, sortCookies } from '../../src/data/edge-headers.ts'

const h = useHarness()
let backend: Server
/** the raw header lines of the last request the backend received */
let seen: string[] = []

function send(host: string, rawHeaders: [string, string][]): Promise<number> {
  const url = new URL(h.portico.url)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/prod/pets', headers: [['host', host], ...rawHeaders].flat() }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode!))
    })
    req.on('error', reject)
    req.end()
  })
}

const lines = (raw: readonly string[]): [string, string][] => raw.flatMap((v, i) => (i % 2 === 0 ? [[v, raw[i + 1]!] as [string, string]] : []))

describe('EDGE endpoints: header names and cookies as CloudFront forwards them', () => {
  let edge: string
  let regional: string
  before(async () => {
    backend = createServer((req, res) => {
      seen = req.rawHeaders
      res.end('ok')
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    const uri = `http://127.0.0.1:${(backend.address() as AddressInfo).port}/pets`
    edge = (await seedApi(h.portico, 'edge')).apiId
    regional = (await seedApi(h.portico, 'regional')).apiId
    for (const [apiId, types] of [[edge, ['EDGE']], [regional, ['REGIONAL']]] as const) {
      await editApi(h.portico, apiId, (d) => {
        d.restApi.endpointConfiguration = { types: [...types], ipAddressType: 'ipv4' }
        d.resources[1]!.resourceMethods!.GET!.methodIntegration = { type: 'HTTP_PROXY', httpMethod: 'GET', uri, timeoutInMillis: 29_000, passthroughBehavior: 'WHEN_NO_MATCH' }
      })
      await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    }
    await h.portico.settled()
  })
  after(() => new Promise<void>((resolve) => backend.close(() => resolve())))

  const sent: [string, string][] = [
    ['cookie', 'zeta=1; alpha=2; mid=3'],
    ['accept-language', 'en'],
    ['tEsT-HEADeR', 'aValUE'],
  ]

  it('an EDGE API: standard names capitalised, cookies sorted by name, custom names as sent', async () => {
    assert.equal(await send(`${edge}.execute-api.us-east-1.amazonaws.com`, sent), 200)
    const got = lines(seen)
    assert.deepEqual(got.find(([n]) => n.toLowerCase() === 'cookie'), ['Cookie', 'alpha=2; mid=3; zeta=1'])
    assert.ok(got.some(([n]) => n === 'Accept-Language'), JSON.stringify(got))
    assert.ok(got.some(([n]) => n === 'tEsT-HEADeR'), JSON.stringify(got))
  })

  it('a REGIONAL API: names and cookies as sent', async () => {
    assert.equal(await send(`${regional}.execute-api.us-east-1.amazonaws.com`, sent), 200)
    const got = lines(seen)
    assert.deepEqual(got.find(([n]) => n.toLowerCase() === 'cookie'), ['cookie', 'zeta=1; alpha=2; mid=3'])
    assert.ok(got.some(([n]) => n === 'accept-language'), JSON.stringify(got))
  })

  it('sorts cookies by name, keeping the order of equal names; knows only standard names', () => {
    assert.equal(sortCookies('b=2;a=1; b=0 ;c'), 'a=1; b=2; b=0; c')
    assert.equal(canonicalName('USER-agent'), 'User-Agent')
    assert.equal(canonicalName('x-api-key'), 'x-api-key')
  })
})
