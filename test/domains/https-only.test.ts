/**
 * `--https-only`: the APIs answer over HTTPS only; plain HTTP on --port reaches the management API
 * alone, so an execute-api request there is not served.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { APIGatewayClient, CreateDeploymentCommand, GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import type { Portico } from '../../src/main.ts'
import { resolveConfig, ConfigError } from '../../src/config.ts'
import { seedApi } from '../control/stages-harness.ts'
import { httpsGet, useHttpsPortico } from './harness.ts'

let portico: Portico
let apiId: string
let ca: string

useHttpsPortico({ httpsOnly: true }, async (h) => {
  portico = h.portico
  ca = readFileSync(h.ca.caFile, 'utf8')
  apiId = (await seedApi(portico, 'only')).apiId
  const client = new APIGatewayClient({ endpoint: portico.url, region: 'us-east-1', credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey }, maxAttempts: 1 })
  await client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
  assert.ok((await client.send(new GetRestApisCommand({}))).items?.some((api) => api.id === apiId))
  await portico.settled()
})

describe('--https-only', () => {
  it('serves the API over HTTPS and not over plain HTTP', async () => {
    const port = Number(new URL(portico.httpsUrl!).port)
    const secure = await httpsGet(port, `${apiId}.execute-api.localhost`, '/prod/pets', { ca })
    assert.equal(secure.status, 200)
    const plain = await fetch(`${portico.url}/_aws/execute-api/${apiId}/prod/pets`)
    assert.notEqual(plain.status, 200)
    assert.doesNotMatch(await plain.text(), /pets/)
  })

  it('needs --https-port, and --https-port needs a certificate and key', () => {
    assert.throws(() => resolveConfig({ httpsOnly: true }, {}), ConfigError)
    assert.throws(() => resolveConfig({ httpsPort: 4443 }, {}), /--tls-cert and --tls-key/)
  })
})
