/**
 * AWS_IAM on invoke through a real Portico: requests signed by the AWS SDK's signer and by
 * `curl --aws-sigv4`, against local IAM principals and their identity policies; every failure
 * answered with API Gateway's status, x-amzn-ErrorType and text.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { formatAmzDate } from '../../src/lib/sigv4/canonical.ts'
import { INVALID_TOKEN, SIGNATURE_MISMATCH } from '../../src/lib/sigv4/verify.ts'
import { ACCOUNT, ALICE, BOB, CAROL, CI, REGION, SIGV4_SCHEME, STALE, call, deployApi, mockIntegration, useIamHarness } from './iam-harness.ts'

const run = promisify(execFile)

const IDENTITY_TEMPLATE =
  '{"userArn":"$context.identity.userArn","user":"$context.identity.user","caller":"$context.identity.caller","accountId":"$context.identity.accountId","accessKey":"$context.identity.accessKey"}'

const signed = { security: [{ sigv4: [] }], responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mockIntegration(IDENTITY_TEMPLATE) }
const DOC = {
  swagger: '2.0',
  info: { title: 'iam', version: '1' },
  securityDefinitions: SIGV4_SCHEME,
  paths: {
    '/pets': { post: signed },
    '/pets/{id}': { get: signed, delete: signed },
    '/open': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': mockIntegration() } },
  },
}

describe('AWS_IAM methods', () => {
  let base: string
  let apiId: string
  const h = useIamHarness(async () => {
    apiId = await deployApi(h.client, DOC)
    base = `${h.portico.url}/_aws/execute-api/${apiId}/prod`
  })
  const arn = (verbAndPath: string) => `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/prod/${verbAndPath}`

  it('answers an unsigned request 403 Missing Authentication Token', async () => {
    const r = await call(`${base}/pets/1`)
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'MissingAuthenticationTokenException')
    assert.deepEqual(r.json(), { message: 'Missing Authentication Token' })
  })

  it('lets a signed caller whose identity policy allows in, with $context.identity filled', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: ALICE } })
    assert.equal(r.status, 200, r.body)
    const identity = r.json()
    assert.equal(identity.userArn, `arn:aws:iam::${ACCOUNT}:user/alice`)
    assert.equal(identity.accountId, ACCOUNT)
    assert.equal(identity.accessKey, ALICE.accessKeyId)
    assert.match(identity.user, /^AIDA[A-Z2-7]{17}$/)
    assert.equal(identity.caller, identity.user)
  })

  it('accepts the presigned query form', async () => {
    const r = await call(`${base}/pets/1?color=red`, { sign: { keys: ALICE, presign: true } })
    assert.equal(r.status, 200, r.body)
  })

  it('checks the body against the signature', async () => {
    const ok = await call(`${base}/pets`, { method: 'POST', body: '{"name":"rex"}', headers: { 'content-type': 'application/json' }, sign: { keys: ALICE } })
    assert.equal(ok.status, 200, ok.body)
    const tampered = await call(`${base}/pets`, {
      method: 'POST',
      body: '{"name":"rex"}',
      sendBody: '{"name":"max"}',
      headers: { 'content-type': 'application/json' },
      sign: { keys: ALICE },
    })
    assert.equal(tampered.status, 403)
    assert.equal(tampered.errorType, 'InvalidSignatureException')
    assert.deepEqual(tampered.json(), { message: SIGNATURE_MISMATCH })
  })

  it('answers a wrong secret with the signature mismatch text', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: { ...ALICE, secretAccessKey: 'not/the/secret' } } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'InvalidSignatureException')
    assert.deepEqual(r.json(), { message: SIGNATURE_MISMATCH })
  })

  it('answers an unknown access key "The security token included in the request is invalid."', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: { accessKeyId: 'AKIANOBODY0000000001', secretAccessKey: 'x' } } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'UnrecognizedClientException')
    assert.deepEqual(r.json(), { message: INVALID_TOKEN })
  })

  it("answers a signature older than 5 minutes with AWS's expiry text", async () => {
    const date = new Date(Date.now() - 10 * 60_000)
    const r = await call(`${base}/pets/1`, { sign: { keys: ALICE, date } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'InvalidSignatureException')
    const m = /^Signature expired: (\d{8}T\d{6}Z) is now earlier than (\d{8}T\d{6}Z) \((\d{8}T\d{6}Z) - 5 min\.\)$/.exec(r.json().message)
    assert.ok(m, r.body)
    assert.equal(m[1], formatAmzDate(date.getTime()))
  })

  it('wants the execute-api service and the region Portico serves', async () => {
    const service = await call(`${base}/pets/1`, { sign: { keys: ALICE, service: 'apigateway' } })
    assert.equal(service.status, 403)
    assert.deepEqual(service.json(), { message: "Credential should be scoped to correct service: 'execute-api'. " })
    const region = await call(`${base}/pets/1`, { sign: { keys: ALICE, region: 'eu-west-1' } })
    assert.equal(region.status, 403)
    assert.equal(region.errorType, 'InvalidSignatureException')
  })

  it('answers a non-SigV4 Authorization header with what is missing', async () => {
    const r = await call(`${base}/pets/1`, { headers: { authorization: 'Bearer abc', 'x-amz-date': '20260101T000000Z' } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'IncompleteSignatureException')
    assert.match(r.json().message, /^Authorization header requires 'Credential' parameter\. .* Authorization=Bearer abc$/)
  })

  it('denies a caller no identity policy allows, naming the caller and the method ARN', async () => {
    const r = await call(`${base}/pets/1`, { sign: { keys: BOB } })
    assert.equal(r.status, 403)
    assert.equal(r.errorType, 'AccessDeniedException')
    assert.deepEqual(r.json(), {
      message: `User: arn:aws:iam::${ACCOUNT}:user/bob is not authorized to perform: execute-api:Invoke on resource: ${arn('GET/pets/1')} because no identity-based policy allows the execute-api:Invoke action`,
    })
  })

  it('lets an explicit Deny win over an Allow, and matches the verb in the ARN', async () => {
    const denied = await call(`${base}/pets/2`, { sign: { keys: ALICE } })
    assert.equal(denied.status, 403)
    assert.deepEqual(denied.json(), {
      message: `User: arn:aws:iam::${ACCOUNT}:user/alice is not authorized to perform: execute-api:Invoke on resource: ${arn('GET/pets/2')} with an explicit deny in an identity-based policy`,
    })
    const otherVerb = await call(`${base}/pets/1`, { method: 'DELETE', sign: { keys: ALICE } })
    assert.equal(otherVerb.status, 403, 'alice may GET but not DELETE')
  })

  it('takes temporary credentials with their session token, and refuses them without it or once expired', async () => {
    const ok = await call(`${base}/pets/1`, { sign: { keys: CI } })
    assert.equal(ok.status, 200, ok.body)
    assert.equal(ok.json().userArn, `arn:aws:sts::${ACCOUNT}:assumed-role/deployer/ci`)
    assert.match(ok.json().user, /^AROA[A-Z2-7]{17}:ci$/)
    const { sessionToken: _, ...withoutToken } = CI
    const missing = await call(`${base}/pets/1`, { sign: { keys: withoutToken } })
    assert.equal(missing.status, 403)
    assert.equal(missing.errorType, 'UnrecognizedClientException')
    const expired = await call(`${base}/pets/1`, { sign: { keys: STALE } })
    assert.equal(expired.status, 403)
    assert.equal(expired.errorType, 'ExpiredTokenException')
    assert.deepEqual(expired.json(), { message: 'The security token included in the request is expired' })
  })

  it('lets a caller from another account in on its own identity policy when the API has no resource policy', async () => {
    const r = await call(`${base}/pets/3`, { sign: { keys: CAROL } })
    assert.equal(r.status, 200, r.body)
    assert.equal(r.json().accountId, '210987654321')
  })

  it('leaves methods without authorization alone', async () => {
    assert.equal((await call(`${base}/open`)).status, 200)
  })

  it('accepts requests signed by curl --aws-sigv4', async () => {
    const { stdout } = await run('curl', ['-s', '--aws-sigv4', `aws:amz:${REGION}:execute-api`, '--user', `${ALICE.accessKeyId}:${ALICE.secretAccessKey}`, `${base}/pets/7?q=a%20b`])
    assert.equal(JSON.parse(stdout).userArn, `arn:aws:iam::${ACCOUNT}:user/alice`)
    const { stdout: wrong } = await run('curl', ['-s', '--aws-sigv4', `aws:amz:${REGION}:execute-api`, '--user', `${ALICE.accessKeyId}:wrong`, `${base}/pets/7`])
    assert.deepEqual(JSON.parse(wrong), { message: SIGNATURE_MISMATCH })
  })
})
