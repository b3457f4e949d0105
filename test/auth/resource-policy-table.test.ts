/**
 * Resource policies, row by row: a policy and a request over real HTTP → the answer. Each row
 * is its own API (its own compiled plan) on one listener; the methods have no authorizer, so
 * the policy alone decides and must Allow (apigateway-authorization-flow). Plus AWS's Tables A
 * and B as a decision table.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { compilePlan } from '../../src/compile/compile.ts'
import type { MethodPhase } from '../../src/gateway/method-phase.ts'
import { createIamAuthorizer } from '../../src/auth/iam/iam-authorizer.ts'
import { createIamDirectory } from '../../src/auth/iam/config.ts'
import { createResourcePolicyPhases, decide } from '../../src/auth/resource-policy.ts'
import type { PolicyDecision } from '../../src/auth/policy.ts'
import { apiDefinition, echoIntegration, noUpstream, send, stage, useServed } from '../data/fixtures.ts'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const account = { region: REGION, accountId: ACCOUNT }
const policies = createResourcePolicyPhases(account)
const iamAuthorizer = createIamAuthorizer({ ...account, directory: createIamDirectory(undefined, account) })
/** auth/index.ts's composition, without the Lambda and Cognito authorizers these rows never use */
const access: MethodPhase = (input) => [
  ...policies.resourcePolicyBefore(input),
  ...(input.method.authorizationType === 'AWS_IAM' ? iamAuthorizer(input) : []),
  ...policies.resourcePolicyAfter(input),
]

type Statement = Record<string, unknown>
const allow = (extra: Statement = {}): Statement => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra })
const deny = (extra: Statement = {}): Statement => ({ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', ...extra })

interface Row {
  name: string
  statements: Statement[]
  method?: string
  path?: string
  headers?: Record<string, string>
  /** 200, or the kind of 403 */
  expect: 200 | 'implicit' | 'explicit'
}

const ROWS: Row[] = [
  { name: 'Allow everything', statements: [allow()], expect: 200 },
  { name: 'no statement applies to GET', statements: [allow({ Resource: 'execute-api:/*/POST/*' })], expect: 'implicit' },
  { name: 'Deny on one path beats Allow *', statements: [allow(), deny({ Resource: 'execute-api:/*/GET/pets/2' })], path: '/pets/2', expect: 'explicit' },
  { name: 'Deny on another path', statements: [allow(), deny({ Resource: 'execute-api:/*/GET/pets/2' })], path: '/pets/1', expect: 200 },
  { name: 'full ARN with wildcards', statements: [allow({ Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/prod/GET/pets/*` })], expect: 200 },
  { name: 'full ARN of another account', statements: [allow({ Resource: `arn:aws:execute-api:${REGION}:999999999999:*/prod/GET/pets/*` })], expect: 'implicit' },
  { name: 'shorthand for another stage', statements: [allow({ Resource: 'execute-api:/dev/*' })], expect: 'implicit' },
  { name: 'shorthand with ? wildcard', statements: [allow({ Resource: 'execute-api:/prod/GET/pets/?' })], expect: 200 },
  { name: 'resource paths are case-sensitive', statements: [allow({ Resource: 'execute-api:/prod/GET/PETS/*' })], expect: 'implicit' },
  { name: 'actions are not', statements: [allow({ Action: 'Execute-API:invoke' })], expect: 200 },
  { name: 'NotAction', statements: [allow({ Action: undefined, NotAction: 'execute-api:InvalidateCache' })], expect: 200 },
  { name: 'NotResource excludes the path', statements: [allow({ Resource: undefined, NotResource: 'execute-api:/*/*/pets/*' })], expect: 'implicit' },
  { name: 'ANY method: the ARN has the verb sent', statements: [allow({ Resource: 'execute-api:/*/PATCH/any' })], method: 'PATCH', path: '/any', expect: 200 },
  { name: 'IpAddress matches loopback', statements: [allow({ Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } })], expect: 200 },
  { name: 'IpAddress elsewhere', statements: [allow({ Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } } })], expect: 'implicit' },
  { name: 'IPv6 and IPv4 blocks in one list', statements: [allow({ Condition: { IpAddress: { 'aws:SourceIp': ['::1/128', '127.0.0.1/32'] } } })], expect: 200 },
  { name: 'NotIpAddress deny spares loopback', statements: [allow(), deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '127.0.0.1/32' } } })], expect: 200 },
  { name: 'NotIpAddress deny hits others', statements: [allow(), deny({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })], expect: 'explicit' },
  { name: 'StringEquals on aws:UserAgent', statements: [allow({ Condition: { StringEquals: { 'aws:UserAgent': 'portico-test/1' } } })], headers: { 'user-agent': 'portico-test/1' }, expect: 200 },
  { name: 'StringEquals on aws:UserAgent, other agent', statements: [allow({ Condition: { StringEquals: { 'aws:UserAgent': 'portico-test/1' } } })], headers: { 'user-agent': 'curl/8' }, expect: 'implicit' },
  { name: 'StringLike on aws:Referer', statements: [allow({ Condition: { StringLike: { 'aws:Referer': 'https://*.example.com/*' } } })], headers: { referer: 'https://app.example.com/x' }, expect: 200 },
  { name: 'StringLike on a missing aws:Referer', statements: [allow({ Condition: { StringLike: { 'aws:Referer': 'https://*.example.com/*' } } })], expect: 'implicit' },
  { name: 'StringNotEqualsIfExists on a missing key', statements: [allow({ Condition: { StringNotEqualsIfExists: { 'aws:Referer': 'https://bad.example' } } })], expect: 200 },
  { name: 'aws:SecureTransport false over plain HTTP', statements: [allow(), deny({ Condition: { Bool: { 'aws:SecureTransport': 'false' } } })], expect: 'explicit' },
  { name: 'aws:CurrentTime after 2000', statements: [allow({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '2000-01-01T00:00:00Z' } } })], expect: 200 },
  { name: 'aws:CurrentTime before 2000', statements: [allow({ Condition: { DateLessThan: { 'aws:CurrentTime': '2000-01-01T00:00:00Z' } } })], expect: 'implicit' },
  { name: 'aws:EpochTime', statements: [allow({ Condition: { NumericGreaterThan: { 'aws:EpochTime': '946684800' } } })], expect: 200 },
  { name: 'aws:SourceArn is absent', statements: [allow({ Condition: { Null: { 'aws:SourceArn': 'true' } } })], expect: 200 },
  { name: 'a Principal that is not the anonymous caller', statements: [allow({ Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` } })], expect: 'implicit' },
  { name: 'an account Principal for the anonymous caller', statements: [allow({ Principal: { AWS: ACCOUNT } })], expect: 'implicit' },
  { name: 'NotPrincipal admits the anonymous caller', statements: [allow({ Principal: undefined, NotPrincipal: { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` } })], expect: 200 },
  { name: 'Version only, no statements', statements: [], expect: 'implicit' },
]

describe('resource policy evaluation table (no authorizer)', () => {
  const apiIdOf = (i: number) => `row${String(i).padStart(6, '0')}`
  const running = useServed(() =>
    ROWS.map((row, i) => {
      const api = apiDefinition({ '/pets/{id}': ['GET', 'POST'], '/any': ['ANY'] }, { apiId: apiIdOf(i) })
      const document = row.statements.length === 0 ? { Version: '2012-10-17' } : { Version: '2012-10-17', Statement: row.statements.map(dropUndefined) }
      api.restApi.policy = JSON.stringify(document)
      return compilePlan({ snapshot: api, deploymentId: 'dep1', stage: stage('prod'), upstream: noUpstream, integrations: echoIntegration, phases: { access } })
    }),
  )

  ROWS.forEach((row, i) => {
    it(row.name, async () => {
      const method = row.method ?? 'GET'
      const path = row.path ?? '/pets/1'
      const r = await send(running.address.port, { method, path: `/_aws/execute-api/${apiIdOf(i)}/prod${path}`, headers: row.headers ?? {} })
      if (row.expect === 200) {
        assert.equal(r.status, 200, r.body)
        return
      }
      assert.equal(r.status, 403, r.body)
      assert.equal(r.headers['x-amzn-errortype'], 'AccessDeniedException')
      const resource = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiIdOf(i)}/prod/${method}${path}`
      const suffix = row.expect === 'explicit' ? ' with an explicit deny' : ''
      assert.deepEqual(r.json(), { message: `User: anonymous is not authorized to perform: execute-api:Invoke on resource: ${resource}${suffix}` })
    })
  })
})

describe("AWS's Tables A and B", () => {
  const rows: Array<[type: string, resourcePolicy: PolicyDecision, authorizer: PolicyDecision, crossAccount: boolean, expected: PolicyDecision]> = [
    // Table A: same account, IAM or Lambda authorizer × resource policy
    ['AWS_IAM', 'Allow', 'Allow', false, 'Allow'],
    ['AWS_IAM', 'Allow', 'None', false, 'Allow'],
    ['AWS_IAM', 'None', 'Allow', false, 'Allow'],
    ['AWS_IAM', 'None', 'None', false, 'None'],
    ['AWS_IAM', 'Deny', 'Allow', false, 'Deny'],
    ['AWS_IAM', 'Allow', 'Deny', false, 'Deny'],
    ['CUSTOM', 'Allow', 'None', false, 'Allow'],
    ['CUSTOM', 'None', 'Allow', false, 'Allow'],
    ['CUSTOM', 'None', 'None', false, 'None'],
    ['CUSTOM', 'Deny', 'Allow', false, 'Deny'],
    // Table B: another account, both must allow
    ['AWS_IAM', 'Allow', 'Allow', true, 'Allow'],
    ['AWS_IAM', 'Allow', 'None', true, 'None'],
    ['AWS_IAM', 'None', 'Allow', true, 'None'],
    ['AWS_IAM', 'Deny', 'Allow', true, 'Deny'],
    ['AWS_IAM', 'Allow', 'Deny', true, 'Deny'],
    // no authorizer, and Cognito: the resource policy must allow on its own
    ['NONE', 'Allow', 'None', false, 'Allow'],
    ['NONE', 'None', 'None', false, 'None'],
    ['NONE', 'Deny', 'None', false, 'Deny'],
    ['COGNITO_USER_POOLS', 'None', 'Allow', false, 'None'],
    ['COGNITO_USER_POOLS', 'Allow', 'Allow', false, 'Allow'],
    ['COGNITO_USER_POOLS', 'Deny', 'Allow', false, 'Deny'],
  ]
  for (const [type, resourcePolicy, authorizer, crossAccount, expected] of rows) {
    it(`${type}: resource policy ${resourcePolicy} × authorizer ${authorizer}${crossAccount ? ', cross-account' : ''} → ${expected}`, () => {
      assert.equal(decide(type, resourcePolicy, authorizer, crossAccount), expected)
    })
  }
})

function dropUndefined(statement: Statement): Statement {
  return Object.fromEntries(Object.entries(statement).filter(([, v]) => v !== undefined))
}
