/**
 * IAM policy evaluation: the documents Lambda authorizers return, resource policies and the
 * identity policies of Portico's local principals. A policy is parsed and checked once
 * (`compilePolicy`) and then evaluated per request; evaluation allocates little and never throws.
 *
 * Semantics follow IAM's policy evaluation logic: a statement applies when its action, resource,
 * principal and every condition match; an applicable Deny wins over any Allow; with no applicable
 * statement the answer is `None` (an implicit deny, which a caller may combine with another policy).
 * Policy variables (`${aws:username}`) are not substituted.
 */
import { isIP } from 'node:net'
import { isObject } from '../lib/is-object.ts'

export interface PolicyRequest {
  /** e.g. `execute-api:Invoke` */
  action: string
  /** e.g. `arn:aws:execute-api:us-east-1:000000000000:abc123/prod/GET/pets/1` */
  resource: string
  /** who is calling, for Principal / NotPrincipal; undefined = anonymous */
  principal?: { arn: string; accountId: string }
  /** condition keys by lower-case name (`aws:sourceip`, `aws:useragent`, …) */
  conditionKeys: Readonly<Record<string, string | readonly string[] | undefined>>
}

/** `None`: no statement applies (an implicit deny) */
export type PolicyDecision = 'Allow' | 'Deny' | 'None'

export interface CompiledPolicy {
  evaluate(request: PolicyRequest): PolicyDecision
}

export class PolicyError extends Error {
  override name = 'PolicyError'
}

export interface CompilePolicyOptions {
  /** `arn:aws:execute-api:{region}:{account}:{apiId}`: resolves the `execute-api:/…` shorthand in Resource */
  apiArn?: string
}

/** Any Deny → Deny; else any Allow → Allow; else None. */
export function combineDecisions(...decisions: PolicyDecision[]): PolicyDecision {
  if (decisions.includes('Deny')) return 'Deny'
  return decisions.includes('Allow') ? 'Allow' : 'None'
}

/** Parses and checks a policy (JSON text or object); throws PolicyError saying what is wrong. */
export function compilePolicy(policy: string | object, options: CompilePolicyOptions = {}): CompiledPolicy {
  const document = typeof policy === 'string' ? parseJson(policy) : policy
  if (!isObject(document)) fail('the policy must be a JSON object')
  const raw = document.Statement
  if (raw === undefined) fail('the policy has no Statement')
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length === 0) fail('Statement must not be empty')
  const statements = list.map((statement, i) => compileStatement(statement, `Statement[${i}]`, options))
  return {
    evaluate(request) {
      let decision: PolicyDecision = 'None'
      for (const statement of statements) {
        if (!statement.applies(request)) continue
        if (statement.effect === 'Deny') return 'Deny'
        decision = 'Allow'
      }
      return decision
    },
  }
}

interface Statement {
  effect: 'Allow' | 'Deny'
  applies(request: PolicyRequest): boolean
}

type Test = (request: PolicyRequest) => boolean

function compileStatement(statement: unknown, at: string, options: CompilePolicyOptions): Statement {
  if (!isObject(statement)) fail(`${at} must be an object`)
  const effect = statement.Effect
  if (effect !== 'Allow' && effect !== 'Deny') fail(`${at}.Effect must be "Allow" or "Deny"`)
  const tests: Test[] = [
    either(statement, 'Action', 'NotAction', at, (patterns) => {
      const match = wildcardMatcher(patterns, true)
      return (request) => match(request.action)
    }),
    either(statement, 'Resource', 'NotResource', at, (patterns) => {
      const match = wildcardMatcher(patterns.map((p) => expandShorthand(p, options.apiArn)), false)
      return (request) => match(request.resource)
    }),
  ]
  if (statement.Principal !== undefined || statement.NotPrincipal !== undefined) {
    tests.push(either(statement, 'Principal', 'NotPrincipal', at, undefined, principalTest))
  }
  if (statement.Condition !== undefined) tests.push(compileConditions(statement.Condition, `${at}.Condition`))
  return { effect, applies: (request) => tests.every((test) => test(request)) }
}

/** Exactly one of `name` / `notName`; the Not form applies when the positive test fails. */
function either(
  statement: Record<string, unknown>,
  name: string,
  notName: string,
  at: string,
  fromStrings: ((patterns: string[]) => Test) | undefined,
  fromValue?: (value: unknown, at: string) => Test,
): Test {
  const positive = statement[name]
  const negative = statement[notName]
  if (positive !== undefined && negative !== undefined) fail(`${at} must not have both ${name} and ${notName}`)
  if (positive === undefined && negative === undefined) fail(`${at} needs ${name} or ${notName}`)
  const key = positive !== undefined ? name : notName
  const value = positive ?? negative
  const test = fromValue ? fromValue(value, `${at}.${key}`) : fromStrings!(stringList(value, `${at}.${key}`))
  return positive !== undefined ? test : (request) => !test(request)
}

function stringList(value: unknown, at: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0 || !list.every((v) => typeof v === 'string')) fail(`${at} must be a string or a non-empty list of strings`)
  return list as string[]
}

/** `execute-api:/stage/GET/path` is short for the API's own ARN followed by the path. */
function expandShorthand(pattern: string, apiArn: string | undefined): string {
  if (!pattern.startsWith('execute-api:/')) return pattern
  if (!apiArn) fail(`the resource ${pattern} needs the API's ARN to resolve`)
  return apiArn + pattern.slice('execute-api:'.length)
}

/** IAM wildcards: `*` any run of characters, `?` one character. */
export function wildcardMatcher(patterns: readonly string[], ignoreCase: boolean): (value: string) => boolean {
  if (patterns.includes('*')) return () => true
  const source = patterns.map((p) => `^${p.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`))}$`).join('|')
  const regex = new RegExp(source, ignoreCase ? 'si' : 's')
  return (value) => regex.test(value)
}

// ---------------------------------------------------------------------------------------------
// Principal

const ACCOUNT_ID = /^\d{12}$/
const ACCOUNT_ROOT = /^arn:aws[\w-]*:iam::(\d{12}):root$/

function principalTest(value: unknown, at: string): Test {
  if (value === '*') return () => true
  if (!isObject(value)) fail(`${at} must be "*" or an object such as {"AWS": "arn:aws:iam::123456789012:root"}`)
  const tests: Test[] = []
  for (const [kind, ids] of Object.entries(value)) {
    const list = stringList(ids, `${at}.${kind}`)
    if (kind !== 'AWS') {
      // service and federated principals never call execute-api through Portico
      tests.push(() => false)
      continue
    }
    tests.push(awsPrincipalTest(list))
  }
  return (request) => tests.some((test) => test(request))
}

function awsPrincipalTest(ids: readonly string[]): Test {
  if (ids.includes('*')) return () => true
  const accounts = new Set<string>()
  const arns = new Set<string>()
  for (const id of ids) {
    const root = ACCOUNT_ROOT.exec(id)
    if (ACCOUNT_ID.test(id)) accounts.add(id)
    else if (root) accounts.add(root[1]!)
    else if (id.startsWith('arn:')) arns.add(id)
    else fail(`Invalid principal in policy: ${JSON.stringify(id)}`)
  }
  return ({ principal }) => principal !== undefined && (accounts.has(principal.accountId) || arns.has(principal.arn))
}

// ---------------------------------------------------------------------------------------------
// Conditions

/** builds the test of one policy value against a request value; throws PolicyError on a bad value */
type ValueTest = (expected: string, at: string) => (actual: string) => boolean

interface Operator {
  test: ValueTest
  /** StringNotEquals and friends: true when no expected value matches, and when the key is absent */
  negated: boolean
}

const stringEquals: ValueTest = (e) => (a) => a === e
const stringEqualsIgnoreCase: ValueTest = (e) => {
  const lower = e.toLowerCase()
  return (a) => a.toLowerCase() === lower
}
const stringLike: ValueTest = (e) => wildcardMatcher([e], false)
const bool: ValueTest = (e, at) => {
  const lower = e.toLowerCase()
  if (lower !== 'true' && lower !== 'false') fail(`${at}: Bool takes "true" or "false"`)
  return (a) => a.toLowerCase() === lower
}
const numeric =
  (compare: (a: number, e: number) => boolean): ValueTest =>
  (e, at) => {
    if (e.trim() === '' || Number.isNaN(Number(e))) fail(`${at}: ${JSON.stringify(e)} is not a number`)
    const expected = Number(e)
    return (a) => a.trim() !== '' && !Number.isNaN(Number(a)) && compare(Number(a), expected)
  }
const date =
  (compare: (a: number, e: number) => boolean): ValueTest =>
  (e, at) => {
    const expected = parseDate(e)
    if (expected === undefined) fail(`${at}: ${JSON.stringify(e)} is not a date (ISO 8601 or epoch seconds)`)
    return (a) => {
      const actual = parseDate(a)
      return actual !== undefined && compare(actual, expected)
    }
  }
const equal = (a: number, e: number) => a === e

const OPERATORS: Record<string, Operator> = {
  StringEquals: { test: stringEquals, negated: false },
  StringNotEquals: { test: stringEquals, negated: true },
  StringEqualsIgnoreCase: { test: stringEqualsIgnoreCase, negated: false },
  StringNotEqualsIgnoreCase: { test: stringEqualsIgnoreCase, negated: true },
  StringLike: { test: stringLike, negated: false },
  StringNotLike: { test: stringLike, negated: true },
  NumericEquals: { test: numeric(equal), negated: false },
  NumericNotEquals: { test: numeric(equal), negated: true },
  NumericLessThan: { test: numeric((a, e) => a < e), negated: false },
  NumericLessThanEquals: { test: numeric((a, e) => a <= e), negated: false },
  NumericGreaterThan: { test: numeric((a, e) => a > e), negated: false },
  NumericGreaterThanEquals: { test: numeric((a, e) => a >= e), negated: false },
  DateEquals: { test: date(equal), negated: false },
  DateNotEquals: { test: date(equal), negated: true },
  DateLessThan: { test: date((a, e) => a < e), negated: false },
  DateLessThanEquals: { test: date((a, e) => a <= e), negated: false },
  DateGreaterThan: { test: date((a, e) => a > e), negated: false },
  DateGreaterThanEquals: { test: date((a, e) => a >= e), negated: false },
  Bool: { test: bool, negated: false },
  IpAddress: { test: ipRange, negated: false },
  NotIpAddress: { test: ipRange, negated: true },
  ArnEquals: { test: arnLike, negated: false },
  ArnLike: { test: arnLike, negated: false },
  ArnNotEquals: { test: arnLike, negated: true },
  ArnNotLike: { test: arnLike, negated: true },
}

function compileConditions(block: unknown, at: string): Test {
  if (!isObject(block)) fail(`${at} must be an object`)
  const tests: Test[] = []
  for (const [name, keys] of Object.entries(block)) {
    if (!isObject(keys)) fail(`${at}.${name} must be an object of condition keys`)
    for (const [key, values] of Object.entries(keys)) {
      tests.push(compileCondition(name, key.toLowerCase(), stringValues(values, `${at}.${name}.${key}`), `${at}.${name}`))
    }
  }
  return (request) => tests.every((test) => test(request))
}

/** Condition values may be strings, numbers or booleans, alone or in a list. */
function stringValues(value: unknown, at: string): string[] {
  const list = Array.isArray(value) ? value : [value]
  if (list.length === 0 || !list.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) fail(`${at} must be a value or a non-empty list of values`)
  return list.map(String)
}

function compileCondition(qualifiedName: string, key: string, values: string[], at: string): Test {
  let name = qualifiedName
  let set: 'ForAnyValue' | 'ForAllValues' | undefined
  const colon = name.indexOf(':')
  if (colon >= 0) {
    const qualifier = name.slice(0, colon)
    if (qualifier !== 'ForAnyValue' && qualifier !== 'ForAllValues') fail(`${at}: unknown set operator ${qualifier}`)
    set = qualifier
    name = name.slice(colon + 1)
  }
  if (name === 'Null') return nullTest(key, values, at)
  const ifExists = name.endsWith('IfExists')
  if (ifExists) name = name.slice(0, -'IfExists'.length)
  const operator = OPERATORS[name]
  if (!operator) fail(`${at}: unknown condition operator ${qualifiedName}`)
  const tests = values.map((value) => operator.test(value, at))
  const matchesOne = (actual: string) => tests.some((test) => test(actual))
  // a negated operator holds when no expected value matches
  const holds = (actual: string) => matchesOne(actual) !== operator.negated

  return ({ conditionKeys }) => {
    const raw = conditionKeys[key]
    const actual = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw
    if (set === 'ForAllValues') return actual.every(holds)
    if (set === 'ForAnyValue') return actual.some(holds)
    if (actual.length === 0) return ifExists || operator.negated
    return actual.some(holds)
  }
}

function nullTest(key: string, values: string[], at: string): Test {
  const wanted = values.map((v) => v.toLowerCase())
  if (!wanted.every((v) => v === 'true' || v === 'false')) fail(`${at}: Null takes "true" or "false"`)
  return ({ conditionKeys }) => {
    const raw = conditionKeys[key]
    const absent = raw === undefined || (typeof raw !== 'string' && raw.length === 0)
    return wanted.includes(absent ? 'true' : 'false')
  }
}

/** epoch milliseconds of an ISO 8601 date or epoch seconds */
function parseDate(value: string): number | undefined {
  if (/^\d+$/.test(value)) return Number(value) * 1000
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? undefined : ms
}

/** ARNs compare component by component; wildcards stay within their component. */
function arnLike(expected: string, at: string): (actual: string) => boolean {
  const parts = splitArn(expected)
  if (!parts) fail(`${at}: ${JSON.stringify(expected)} is not an ARN`)
  const matchers = parts.map((part) => wildcardMatcher([part], false))
  return (actual) => {
    const a = splitArn(actual)
    return a !== undefined && matchers.every((match, i) => match(a[i]!))
  }
}

function splitArn(arn: string): string[] | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  return [...parts.slice(0, 5), parts.slice(5).join(':')]
}

// ---------------------------------------------------------------------------------------------
// IP ranges

/** an IPv4 or IPv6 address or CIDR block; a bare address is a /32 or /128 */
function ipRange(value: string, at: string): (actual: string) => boolean {
  const [address = '', prefixText] = value.split('/')
  const range = ipBits(address)
  const prefix = prefixText === undefined ? range?.length : Number(prefixText)
  if (!range || prefix === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > range.length) {
    fail(`${at}: ${JSON.stringify(value)} is not an IP address or CIDR block`)
  }
  const head = range.slice(0, prefix)
  return (actual) => {
    const ip = ipBits(unmapIpv4(actual))
    return ip !== undefined && ip.length === range.length && ip.startsWith(head)
  }
}

/** `::ffff:1.2.3.4` (how Node reports IPv4 clients on a dual-stack socket) compares as IPv4 */
function unmapIpv4(ip: string): string {
  return ip.toLowerCase().startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip
}

/** the address as a string of 32 or 128 binary digits */
function ipBits(ip: string): string | undefined {
  const family = isIP(ip)
  if (family === 4) return ip.split('.').map((octet) => Number(octet).toString(2).padStart(8, '0')).join('')
  if (family !== 6) return undefined
  return expandIpv6(ip)
    .map((group) => parseInt(group, 16).toString(2).padStart(16, '0'))
    .join('')
}

function expandIpv6(ip: string): string[] {
  let text = ip
  // an embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number]
    text = text.slice(0, -v4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0')
  return [...left, ...fill, ...right]
}

// ---------------------------------------------------------------------------------------------

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    fail(`the policy is not valid JSON: ${(error as Error).message}`)
  }
}

function fail(message: string): never {
  throw new PolicyError(message)
}
