/**
 * `Cache-Control: max-age=0` under requireAuthorizationForCacheControl on an AWS_IAM method: a
 * caller whose identity policy allows `execute-api:InvalidateCache` on the method ARN refetches;
 * one allowed only `execute-api:Invoke` is refused (FAIL_WITH_403). Requests are signed by the
 * AWS SDK's own SigV4 signer; IAM principals come from the config file, as a user sets them up.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { UpdateStageCommand } from '@aws-sdk/client-api-gateway'
import { resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { useHarness } from '../control/harness.ts'
import { ACCOUNT, call, deployApi, REGION, SIGV4_SCHEME, type Keys } from '../auth/iam-harness.ts'
import { startBackend, type Backend } from './harness.ts'

const DAVE: Keys = { accessKeyId: 'AKIADAVE000000000001', secretAccessKey: 'dave/secret/00000000000000000000000000000' }
const ERIN: Keys = { accessKeyId: 'AKIAERIN000000000001', secretAccessKey: 'erin/secret/00000000000000000000000000000' }
const statement = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/prod/GET/*` }] })

describe('cache invalidation authorized by IAM (execute-api:InvalidateCache)', () => {
  let backend: Backend
  let url: string

  const file: unknown = {
    iam: {
      users: {
        dave: { accessKeys: [DAVE], policies: [statement(['execute-api:Invoke', 'execute-api:InvalidateCache'])] },
        erin: { accessKeys: [ERIN], policies: [statement(['execute-api:Invoke'])] },
      },
    },
  }
  validateConfigFile(file)
  useHarness({ region: REGION, accountId: ACCOUNT }, {
    functions: resolveConfigFile(file, undefined),
    prepare: async () => {
      backend = await startBackend()
      return () => backend.close()
    },
    setup: async (harness) => {
      const apiId = await deployApi(harness.client, {
        openapi: '3.0.1',
        info: { title: 'iam-cache', version: '1' },
        components: { securitySchemes: SIGV4_SCHEME },
        paths: {
          '/items': {
            get: {
              security: [{ sigv4: [] }],
              responses: { '200': { description: 'ok' } },
              'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: `${backend.url}/items` },
            },
          },
        },
      })
      const replace = (path: string, value: string) => ({ op: 'replace' as const, path, value })
      await harness.client.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: 'prod',
          patchOperations: [
            replace('/cacheClusterEnabled', 'true'),
            replace('/*/*/caching/enabled', 'true'),
            replace('/*/*/caching/requireAuthorizationForCacheControl', 'true'),
            replace('/*/*/caching/unauthorizedCacheControlHeaderStrategy', 'FAIL_WITH_403'),
          ],
        }),
      )
      await harness.portico.settled()
      url = `${harness.portico.url}/_aws/execute-api/${apiId}/prod/items`
    },
  })

  it('refetches for a caller allowed InvalidateCache and refuses one allowed only Invoke', async () => {
    const first = await call(url, { sign: { keys: ERIN } })
    assert.equal(first.status, 200)
    assert.equal((await call(url, { sign: { keys: DAVE } })).body, first.body, 'both read the one entry')
    const calls = backend.calls

    const refused = await call(url, { headers: { 'cache-control': 'max-age=0' }, sign: { keys: ERIN } })
    assert.equal(refused.status, 403)
    assert.equal(refused.errorType, 'AccessDeniedException')
    assert.equal(backend.calls, calls)

    const fresh = await call(url, { headers: { 'cache-control': 'max-age=0' }, sign: { keys: DAVE } })
    assert.equal(fresh.status, 200)
    assert.notEqual(fresh.body, first.body)
    assert.equal(backend.calls, calls + 1)
    assert.equal((await call(url, { sign: { keys: ERIN } })).body, fresh.body, 'the refetched answer replaced the entry')
  })
})
