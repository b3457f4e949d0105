import { test } from 'node:test'
import assert from 'node:assert/strict'
import { combineDecisions, compilePolicy, PolicyError, type PolicyDecision, type PolicyRequest } from '../../src/auth/policy.ts'

const API_ARN = 'arn:aws:execute-api:us-east-1:123456789012:abc123'
const GET_PETS = `${API_ARN}/prod/GET/pets`

function request(overrides: Partial<PolicyRequest> = {}): PolicyRequest {
  return { action: 'execute-api:Invoke', resource: GET_PETS, conditionKeys: {}, ...overrides }
}

function statement(extra: Record<string, unknown>, effect = 'Allow'): Record<string, unknown> {
  return { Effect: effect, Action: 'execute-api:Invoke', Resource: `${API_ARN}/*`, ...extra }
}

function decide(statements: Record<string, unknown>[], req: PolicyRequest = request()): PolicyDecision {
  return compilePolicy({ Version: '2012-10-17', Statement: statements }, { apiArn: API_ARN }).evaluate(req)
}

const alice = { arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012' }
const mallory = { arn: 'arn:aws:iam::999999999999:user/mallory', accountId: '999999999999' }

// [case, statements, request, expected]
const table: Array<[string, Record<string, unknown>[], PolicyRequest, PolicyDecision]> = [
  ['an Allow on the API covers a method', [statement({})], request(), 'Allow'],
  ['no statement applies: None', [statement({ Resource: `${API_ARN}/prod/POST/*` })], request(), 'None'],
  ['explicit Deny wins over Allow', [statement({}), statement({ Resource: `${API_ARN}/prod/GET/pets` }, 'Deny')], request(), 'Deny'],
  ['Deny listed first still wins', [statement({}, 'Deny'), statement({})], request(), 'Deny'],
  ['actions compare without case', [statement({ Action: 'EXECUTE-API:invoke' })], request(), 'Allow'],
  ['action wildcard', [statement({ Action: 'execute-api:*' })], request(), 'Allow'],
  ['another action does not apply', [statement({ Action: 'execute-api:InvalidateCache' })], request(), 'None'],
  ['NotAction applies to other actions', [statement({ Action: undefined, NotAction: 'execute-api:InvalidateCache' })], request(), 'Allow'],
  ['resources compare with case', [statement({ Resource: `${API_ARN}/prod/get/pets` })], request(), 'None'],
  ['? matches one character', [statement({ Resource: `${API_ARN}/pro?/GET/pets` })], request(), 'Allow'],
  ['* inside a resource spans slashes', [statement({ Resource: `${API_ARN}/*/pets` })], request(), 'Allow'],
  ['a list of resources: any', [statement({ Resource: [`${API_ARN}/x/*`, GET_PETS] })], request(), 'Allow'],
  ['NotResource excludes', [statement({ Resource: undefined, NotResource: `${API_ARN}/prod/GET/*` }, 'Deny')], request(), 'None'],
  ['NotResource Deny hits others', [statement({}), statement({ Resource: undefined, NotResource: `${API_ARN}/prod/POST/*` }, 'Deny')], request(), 'Deny'],
  ['execute-api:/ shorthand', [statement({ Resource: 'execute-api:/prod/GET/*' })], request(), 'Allow'],
  ['regex characters in a resource are literal', [statement({ Resource: `${API_ARN}/prod/GET/pe.s` })], request(), 'None'],
  ['Principal * admits anonymous', [statement({ Principal: '*' })], request(), 'Allow'],
  ['Principal AWS * admits anonymous', [statement({ Principal: { AWS: '*' } })], request(), 'Allow'],
  ['Principal account id admits its users', [statement({ Principal: { AWS: '123456789012' } })], request({ principal: alice }), 'Allow'],
  ['Principal account root admits its users', [statement({ Principal: { AWS: 'arn:aws:iam::123456789012:root' } })], request({ principal: alice }), 'Allow'],
  ['Principal account excludes anonymous', [statement({ Principal: { AWS: '123456789012' } })], request(), 'None'],
  ['Principal account excludes other accounts', [statement({ Principal: { AWS: ['123456789012'] } })], request({ principal: mallory }), 'None'],
  ['Principal user ARN exact', [statement({ Principal: { AWS: alice.arn } })], request({ principal: alice }), 'Allow'],
  ['NotPrincipal denies everyone else', [statement({ Principal: '*' }), statement({ NotPrincipal: { AWS: alice.arn } }, 'Deny')], request({ principal: mallory }), 'Deny'],
  ['NotPrincipal spares the named', [statement({ Principal: '*' }), statement({ NotPrincipal: { AWS: alice.arn } }, 'Deny')], request({ principal: alice }), 'Allow'],
  ['Service principals never match a caller', [statement({ Principal: { Service: 'lambda.amazonaws.com' } })], request({ principal: alice }), 'None'],
  ['IpAddress in an IPv4 CIDR', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })], request({ conditionKeys: { 'aws:sourceip': '192.0.2.77' } }), 'Allow'],
  ['IpAddress outside the CIDR', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } })], request({ conditionKeys: { 'aws:sourceip': '192.0.3.1' } }), 'None'],
  ['IpAddress any of a list', [statement({ Condition: { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.0.2.0/24'] } } })], request({ conditionKeys: { 'aws:sourceip': '10.2.3.4' } }), 'Allow'],
  ['IpAddress bare address is /32', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.1' } } })], request({ conditionKeys: { 'aws:sourceip': '127.0.0.2' } }), 'None'],
  ['IPv4-mapped IPv6 client compares as IPv4', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '127.0.0.0/8' } } })], request({ conditionKeys: { 'aws:sourceip': '::ffff:127.0.0.1' } }), 'Allow'],
  ['IPv6 CIDR', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } })], request({ conditionKeys: { 'aws:sourceip': '2001:db8:1::5' } }), 'Allow'],
  ['IPv6 outside', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } } })], request({ conditionKeys: { 'aws:sourceip': '2001:db9::5' } }), 'None'],
  ['IPv4 client never in an IPv6 range', [statement({ Condition: { IpAddress: { 'aws:SourceIp': '::/0' } } })], request({ conditionKeys: { 'aws:sourceip': '10.0.0.1' } }), 'None'],
  ['NotIpAddress Deny outside the allow-list', [statement({}), statement({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }, 'Deny')], request({ conditionKeys: { 'aws:sourceip': '203.0.113.9' } }), 'Deny'],
  ['NotIpAddress Deny spares the allow-list', [statement({}), statement({ Condition: { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }, 'Deny')], request({ conditionKeys: { 'aws:sourceip': '192.0.2.9' } }), 'Allow'],
  ['condition key names ignore case', [statement({ Condition: { StringEquals: { 'AWS:UserAgent': 'curl/8' } } })], request({ conditionKeys: { 'aws:useragent': 'curl/8' } }), 'Allow'],
  ['StringEquals is case-sensitive on values', [statement({ Condition: { StringEquals: { 'aws:UserAgent': 'curl/8' } } })], request({ conditionKeys: { 'aws:useragent': 'Curl/8' } }), 'None'],
  ['StringEqualsIgnoreCase', [statement({ Condition: { StringEqualsIgnoreCase: { 'aws:UserAgent': 'curl/8' } } })], request({ conditionKeys: { 'aws:useragent': 'CURL/8' } }), 'Allow'],
  ['StringLike wildcard', [statement({ Condition: { StringLike: { 'aws:Referer': 'https://*.example.com/*' } } })], request({ conditionKeys: { 'aws:referer': 'https://www.example.com/page' } }), 'Allow'],
  ['a missing key fails a positive operator', [statement({ Condition: { StringEquals: { 'aws:Referer': 'x' } } })], request(), 'None'],
  ['a missing key satisfies a negated operator', [statement({ Condition: { StringNotEquals: { 'aws:Referer': 'x' } } })], request(), 'Allow'],
  ['IfExists passes a missing key', [statement({ Condition: { StringEqualsIfExists: { 'aws:Referer': 'x' } } })], request(), 'Allow'],
  ['IfExists still checks a present key', [statement({ Condition: { StringEqualsIfExists: { 'aws:Referer': 'x' } } })], request({ conditionKeys: { 'aws:referer': 'y' } }), 'None'],
  ['all operators must hold', [statement({ Condition: { Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })], request({ conditionKeys: { 'aws:securetransport': 'false', 'aws:sourceip': '10.0.0.1' } }), 'None'],
  ['Bool true', [statement({ Condition: { Bool: { 'aws:SecureTransport': true } } })], request({ conditionKeys: { 'aws:securetransport': 'true' } }), 'Allow'],
  ['Null true: key absent', [statement({ Condition: { Null: { 'aws:Referer': 'true' } } })], request(), 'Allow'],
  ['Null false: key present', [statement({ Condition: { Null: { 'aws:Referer': 'false' } } })], request(), 'None'],
  ['NumericLessThan', [statement({ Condition: { NumericLessThan: { 'aws:EpochTime': 2000000000 } } })], request({ conditionKeys: { 'aws:epochtime': '1700000000' } }), 'Allow'],
  ['NumericGreaterThan with a non-number key', [statement({ Condition: { NumericGreaterThan: { 'aws:EpochTime': 1 } } })], request({ conditionKeys: { 'aws:epochtime': 'soon' } }), 'None'],
  ['DateLessThan on ISO times', [statement({ Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } })], request({ conditionKeys: { 'aws:currenttime': '2026-11-22T01:00:00Z' } }), 'Allow'],
  ['DateGreaterThan against epoch seconds', [statement({ Condition: { DateGreaterThan: { 'aws:CurrentTime': '1893456000' } } })], request({ conditionKeys: { 'aws:currenttime': '2026-11-22T01:00:00Z' } }), 'None'],
  ['ArnLike per component', [statement({ Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::123456789012:user/*' } } })], request({ conditionKeys: { 'aws:principalarn': alice.arn } }), 'Allow'],
  ['ArnLike: a wildcard stays inside its component', [statement({ Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*:user/alice' } } })], request({ conditionKeys: { 'aws:sourcearn': 'arn:aws:iam::1:2:user/alice' } }), 'None'],
  ['ForAnyValue: one request value matches', [statement({ Condition: { 'ForAnyValue:StringEquals': { 'aws:PrincipalTag/team': ['a', 'b'] } } })], request({ conditionKeys: { 'aws:principaltag/team': ['x', 'b'] } }), 'Allow'],
  ['ForAllValues: every request value must match', [statement({ Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': ['a', 'b'] } } })], request({ conditionKeys: { 'aws:principaltag/team': ['a', 'x'] } }), 'None'],
  ['ForAllValues: an absent key is vacuously true', [statement({ Condition: { 'ForAllValues:StringEquals': { 'aws:PrincipalTag/team': 'a' } } })], request(), 'Allow'],
]

for (const [name, statements, req, expected] of table) {
  test(`policy: ${name}`, () => {
    assert.equal(decide(statements, req), expected)
  })
}

test('a single statement object works as a list of one; a JSON string parses', () => {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } })
  assert.equal(compilePolicy(text).evaluate(request()), 'Allow')
})

test('invalid policies are rejected with what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /not valid JSON/],
    [[], /must be a JSON object/],
    [{ Version: '2012-10-17' }, /no Statement/],
    [{ Statement: [] }, /must not be empty/],
    [{ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }, /Statement\[0\]\.Effect must be "Allow" or "Deny"/],
    [{ Statement: [{ Effect: 'Allow', Resource: '*' }] }, /Statement\[0\] needs Action or NotAction/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: '*' }] }, /both Resource and NotResource/],
    [{ Statement: [{ Effect: 'Allow', Action: [], Resource: '*' }] }, /Action must be a string or a non-empty list/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Principal: { AWS: 'alice' } }] }, /Invalid principal in policy: "alice"/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringSortOf: { 'aws:Referer': 'x' } } }] }, /unknown condition operator StringSortOf/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }] }, /not an IP address or CIDR block/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { NumericEquals: { 'aws:EpochTime': 'x' } } }] }, /is not a number/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:iam::*' } } }] }, /is not an ARN/],
    [{ Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { 'Sometimes:StringEquals': { a: 'x' } } }] }, /unknown set operator Sometimes/],
  ]
  for (const [policy, message] of cases) {
    assert.throws(() => compilePolicy(policy as object), (e: Error) => e instanceof PolicyError && message.test(e.message), JSON.stringify(policy))
  }
  assert.throws(() => compilePolicy({ Statement: [statement({ Resource: 'execute-api:/*' })] }), /needs the API's ARN/)
})

test('combining decisions: any Deny, else any Allow, else None', () => {
  assert.equal(combineDecisions('Allow', 'Deny'), 'Deny')
  assert.equal(combineDecisions('None', 'Allow'), 'Allow')
  assert.equal(combineDecisions('None', 'None'), 'None')
  assert.equal(combineDecisions(), 'None')
})
