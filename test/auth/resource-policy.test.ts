/**
 * Resource policies through a real Portico: set by ImportRestApi / UpdateRestApi (checked there
 * with AWS's error text), compiled when the stage is deployed, and combined with IAM identity
 * policies as AWS's Tables A (same account) and B (cross-account) say.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CreateDeploymentCommand, PutRestApiCommand, UpdateRestApiCommand } from '@aws-sdk/client-api-gateway'
import { sdkError } from '../control/harness.ts'
import { ACCOUNT, ALICE, BOB, CAROL, CI, OTHER_ACCOUNT, REGION, SIGV4_SCHEME, call, deployApi, mockIntegration, useIamHarness } from './iam-harness.ts'

const INVALID_POLICY = 'Invalid policy document. Please check the policy syntax and try again.'
const ok = { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mockIntegration() }
const signed = { ...ok, security: [{ sigv4: [] }] }

function doc(statements: object[]): object {
  return {
    swagger: '2.0',
    info: { title: 'policy', version: '1' },
    securityDefinitions: SIGV4_SCHEME,
    'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: statements },
    paths: { '/open': { get: ok }, '/pets/{id}': { get: signed } },
  }
}

const invoke = { Action: 'execute-api:Invoke' }
const STATEMENTS = [
  // anyone on loopback may call the open method
  { Effect: 'Allow', Principal: '*', ...invoke, Resource: 'execute-api:/*/GET/open', Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.1/32', '::1/128'] } } },
  // bob has no identity policy: the resource policy alone lets him in (Table A)
  { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/bob` }, ...invoke, Resource: 'execute-api:/*/GET/pets/*' },
  // the deployer role's sessions, by aws:PrincipalArn
  { Effect: 'Deny', Principal: '*', ...invoke, Resource: 'execute-api:/*/GET/pets/9', Condition: { StringEquals: { 'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/deployer` } } },
]

describe('resource policies with IAM callers', () => {
  let apiId: string
  let base: string
  const h = useIamHarness(async () => {
    apiId = await deployApi(h.client, doc(STATEMENTS))
    base = `${h.portico.url}/_aws/execute-api/${apiId}/prod`
  })
  const arn = (verbAndPath: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/prod/${verbAndPath}`
  const redeploy = async (statements: object[]) => {
    await h.client.send(new PutRestApiCommand({ restApiId: apiId, mode: 'overwrite', body: new TextEncoder().encode(JSON.stringify(doc(statements))) }))
    await h.client.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }))
    await h.portico.settled()
  }

  it('allows the anonymous caller the policy allows', async () => {
    assert.equal((await call(`${base}/open`)).status, 200)
  })

  it('lets the resource policy alone allow a same-account IAM caller (Table A)', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: BOB } })
    assert.equal(r.status, 200, r.body)
  })

  it("lets the identity policy alone allow a same-account IAM caller the resource policy doesn't mention (Table A)", async () => {
    assert.equal((await call(`${base}/pets/1`, { sign: { keys: ALICE } })).status, 200)
  })

  it('stops at an explicit deny in the identity policy', async () => {
    const r = await call(`${base}/pets/2`, { sign: { keys: ALICE } })
    assert.equal(r.status, 403)
    assert.match(r.json().message, / with an explicit deny in an identity-based policy$/)
  })

  it('denies a role session by aws:PrincipalArn, naming the session', async () => {
    assert.equal((await call(`${base}/pets/1`, { sign: { keys: CI } })).status, 200)
    const r = await call(`${base}/pets/9`, { sign: { keys: CI } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'AccessDeniedException')
    assert.deepEqual(r.json(), {
      message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci is not authorized to perform: execute-api:Invoke on resource: ${arn('GET/pets/9')} with an explicit deny`,
    })
  })

  it('wants both policies to allow a caller from another account (Table B)', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: CAROL } })
    assert.equal(r.status, 403)
    assert.deepEqual(r.json(), { message: `User: arn:aws:iam::${OTHER_ACCOUNT}:user/carol is not authorized to perform: execute-api:Invoke on resource: ${arn('GET/pets/1')}` })
    await redeploy([...STATEMENTS, { Effect: 'Allow', Principal: { AWS: OTHER_ACCOUNT }, ...invoke, Resource: 'execute-api:/*' }])
    assert.equal((await call(`${base}/pets/1`, { sign: { keys: CAROL } })).status, 200)
  })

  it("denies the anonymous caller the policy doesn't allow, with AWS's text", async () => {
    await redeploy([{ Effect: 'Allow', Principal: '*', ...invoke, Resource: 'execute-api:/*/GET/open', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }])
    const r = await call(`${base}/open`)
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'AccessDeniedException')
    assert.deepEqual(r.json(), { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${arn('GET/open')}` })
  })

  it("refuses an invalid policy on ImportRestApi, PutRestApi and UpdateRestApi with AWS's text", async () => {
    const bad = [{ Effect: 'Perhaps', Principal: '*', ...invoke, Resource: '*' }]
    const put = await sdkError(() => h.client.send(new PutRestApiCommand({ restApiId: apiId, mode: 'overwrite', body: new TextEncoder().encode(JSON.stringify(doc(bad))) })))
    assert.equal(put.name, 'BadRequestException')
    assert.equal(put.message, INVALID_POLICY)
    const badOperator = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', ...invoke, Resource: '*', Condition: { IpAddres: { 'aws:SourceIp': '1.2.3.4' } } }] })
    const update = await sdkError(() => h.client.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: badOperator }] })))
    assert.equal(update.name, 'BadRequestException')
    assert.equal(update.message, INVALID_POLICY)
    const badCidr = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', ...invoke, Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '300.1.1.1/8' } } }] })
    const cidr = await sdkError(() => h.client.send(new UpdateRestApiCommand({ restApiId: apiId, patchOperations: [{ op: 'replace', path: '/policy', value: badCidr }] })))
    assert.equal(cidr.message, INVALID_POLICY)
  })
})
