/**
 * AWS_IAM routes on an HTTP API through a real Portico: the API built with
 * @aws-sdk/client-apigatewayv2, requests signed by the AWS SDK's own signer against the config
 * file's local IAM principals (test/auth/iam-harness.ts); 403 texts as HTTP APIs answer them,
 * the caller in the payload 2.0 event (`requestContext.authorizer.iam`) and the 1.0 event
 * (`requestContext.identity`).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { ApiGatewayV2Client, CreateApiCommand, CreateIntegrationCommand, CreateRouteCommand, CreateStageCommand } from '@aws-sdk/client-apigatewayv2'
import { resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { SIGNATURE_MISMATCH } from '../../src/lib/sigv4/verify.ts'
import { ACCOUNT, ALICE, BOB, CI, IAM_SECTION, REGION, STALE, call } from '../auth/iam-harness.ts'
import { useHarness } from '../control/harness.ts'

const HANDLERS = fileURLToPath(new URL('../fixtures/http-api/handlers/', import.meta.url))
const FILE: unknown = JSON.parse(JSON.stringify({ iam: IAM_SECTION, functions: { echo: { handler: `${HANDLERS}api.echo` } } }))
validateConfigFile(FILE)

describe('AWS_IAM routes on an HTTP API', () => {
  const h = useHarness({ region: REGION, accountId: ACCOUNT }, { functions: resolveConfigFile(FILE, undefined) })
  let v2: ApiGatewayV2Client
  let base: string
  let apiId: string

  before(async () => {
    v2 = new ApiGatewayV2Client({ endpoint: h.endpoint, region: REGION, credentials: { accessKeyId: h.portico.admin.accessKeyId, secretAccessKey: h.portico.admin.secretAccessKey }, maxAttempts: 1 })
    apiId = (await v2.send(new CreateApiCommand({ Name: 'iam', ProtocolType: 'HTTP' }))).ApiId!
    const echo = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:echo`
    const v20 = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: echo, PayloadFormatVersion: '2.0' }))
    const v10 = await v2.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: echo, PayloadFormatVersion: '1.0' }))
    for (const [routeKey, integration] of [['GET /pets/{id}', v20], ['POST /pets', v20], ['GET /v1/pets/{id}', v10]] as const) {
      await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: routeKey, AuthorizationType: 'AWS_IAM', Target: `integrations/${integration.IntegrationId}` }))
    }
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /open', Target: `integrations/${v20.IntegrationId}` }))
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true }))
    await h.portico.settled()
    base = `${h.portico.url}/_aws/execute-api/${apiId}/prod`
  })
  after(() => v2?.destroy())

  it('answers an unsigned request 403 {"message":"Forbidden"} while an open route of the API answers', async () => {
    const r = await call(`${base}/pets/1`)
    assert.equal(r.status, 403)
    assert.equal(r.body, '{"message":"Forbidden"}')
    assert.ok(r.headers['apigw-requestid'])
    assert.equal((await call(`${base}/open`)).status, 200)
  })

  it('lets a caller an identity policy allows in, with requestContext.authorizer.iam as AWS fills it', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: ALICE } })
    assert.equal(r.status, 200, r.body)
    const { iam } = r.json().requestContext.authorizer
    assert.deepEqual(Object.keys(iam).sort(), ['accessKey', 'accountId', 'callerId', 'cognitoIdentity', 'principalOrgId', 'userArn', 'userId'])
    assert.equal(iam.accessKey, ALICE.accessKeyId)
    assert.equal(iam.accountId, ACCOUNT)
    assert.equal(iam.userArn, `arn:aws:iam::${ACCOUNT}:user/alice`)
    assert.match(iam.userId, /^AIDA[A-Z2-7]{17}$/)
    assert.equal(iam.callerId, iam.userId)
    assert.equal(iam.cognitoIdentity, null)
    assert.equal(iam.principalOrgId, null)
  })

  it('gives a role session its assumed-role ARN and AROA…:session ids', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: CI } })
    assert.equal(r.status, 200, r.body)
    const { iam } = r.json().requestContext.authorizer
    assert.equal(iam.userArn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`)
    assert.match(iam.userId, /^AROA[A-Z2-7]{17}:ci$/)
  })

  it('fills requestContext.identity of a payload 1.0 event', async () => {
    const r = await call(`${base}/v1/pets/3`, { sign: { keys: ALICE } })
    assert.equal(r.status, 200, r.body)
    const event = r.json()
    assert.equal(event.version, '1.0')
    assert.equal(event.requestContext.identity.userArn, `arn:aws:iam::${ACCOUNT}:user/alice`)
    assert.equal(event.requestContext.identity.accessKey, ALICE.accessKeyId)
  })

  it('refuses with Forbidden a caller whose policies do not allow the route, or deny it', async () => {
    for (const [keys, path, method] of [[BOB, '/pets/1', 'GET'], [ALICE, '/pets/2', 'GET']] as const) {
      const r = await call(`${base}${path}`, { method, sign: { keys } })
      assert.equal(r.status, 403, `${keys.accessKeyId} ${path}`)
      assert.equal(r.body, '{"message":"Forbidden"}')
    }
  })

  it('checks the body against the signature, and answers signature faults with the SigV4 texts', async () => {
    const ok = await call(`${base}/pets`, { method: 'POST', body: '{"name":"rex"}', headers: { 'content-type': 'application/json' }, sign: { keys: ALICE } })
    assert.equal(ok.status, 200, ok.body)
    assert.equal(ok.json().body, '{"name":"rex"}')
    const tampered = await call(`${base}/pets`, { method: 'POST', body: '{"name":"rex"}', sendBody: '{"name":"max"}', headers: { 'content-type': 'application/json' }, sign: { keys: ALICE } })
    assert.equal(tampered.status, 403)
    assert.deepEqual(tampered.json(), { message: SIGNATURE_MISMATCH })
    const unknown = await call(`${base}/pets/1`, { sign: { keys: { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' } } })
    assert.equal(unknown.status, 403)
    assert.deepEqual(unknown.json(), { message: 'The security token included in the request is invalid.' })
    const expired = await call(`${base}/pets/1`, { sign: { keys: STALE } })
    assert.equal(expired.status, 403)
    assert.match(expired.json().message, /expired/i)
  })
})
