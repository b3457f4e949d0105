/**
 * `--vpce-listener vpce-…=https://host:port`: a VPC endpoint listener over TLS, as AWS's
 * endpoints are, presenting the default certificate (--tls-cert/--tls-key, no --https-port
 * needed). A PRIVATE API answers through it over real TLS sockets; plain HTTP there is not served.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { CreateDeploymentCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { ConfigError, resolveConfig } from '../../src/config.ts'
import { useStarted } from '../control/harness.ts'
import { editApi, seedApi } from '../control/stages-harness.ts'
import { httpsGet, startTlsVpcePortico } from './harness.ts'

const VPCE = 'vpce-0aaa1111'

/** what a plain-HTTP request to a TLS port gets back before the server closes (or '' ) */
function plainHttp(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
    let text = ''
    socket.setEncoding('latin1')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('close', () => resolve(text))
    socket.on('error', reject)
  })
}

describe('a VPC endpoint listener over HTTPS', () => {
  const h = useStarted(() => startTlsVpcePortico(`${VPCE}=https://127.0.0.1:0`))

  it('serves a PRIVATE API over TLS with the default certificate; plain HTTP there gets no answer', async () => {
    const apiId = (await seedApi(h.portico, 'private-tls')).apiId
    await editApi(h.portico, apiId, (d) => void (d.restApi.endpointConfiguration = { types: ['PRIVATE'], ipAddressType: 'dualstack', vpcEndpointIds: [VPCE] }))
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } }] })
    await h.client.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: policy }] }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    await h.portico.settled()
    const url = new URL(h.portico.vpceUrls[VPCE]!)
    assert.equal(url.protocol, 'https:')
    const port = Number(url.port)
    const answer = await httpsGet(port, `${apiId}.execute-api.localhost`, '/prod/pets/3', { ca: readFileSync(h.ca.caFile, 'utf8') })
    assert.deepEqual([answer.status, JSON.parse(answer.body), answer.serverName], [200, { petId: '3' }, 'localhost'])
    const alias = await httpsGet(port, `${apiId}-${VPCE}.execute-api.localhost`, '/prod/pets/3', { ca: readFileSync(h.ca.caFile, 'utf8') })
    assert.equal(alias.status, 200)
    assert.doesNotMatch(await plainHttp(port), /^HTTP\/1\.1 200/)
    assert.equal(h.portico.httpsUrl, undefined)
  })

  it('needs the default certificate', () => {
    assert.deepEqual(resolveConfig({ vpceListeners: `${VPCE}=https://127.0.0.1:4600`, tlsCert: 'c.pem', tlsKey: 'k.pem' }, {}).vpceListeners, [{ vpceId: VPCE, host: '127.0.0.1', port: 4600, tls: true }])
    assert.throws(() => resolveConfig({ vpceListeners: `${VPCE}=https://4600` }, {}), (e: Error) => e instanceof ConfigError && /--tls-cert and --tls-key/.test(e.message))
    assert.throws(() => resolveConfig({ tlsCert: 'c.pem', tlsKey: 'k.pem' }, {}), ConfigError)
  })
})
