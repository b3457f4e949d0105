/**
 * A real Portico with local IAM principals (the config file's `iam` section) and APIs imported
 * through the management API, plus requests signed by @smithy/signature-v4 — the AWS SDK's own
 * signer, independent of Portico's — for the AWS_IAM and resource-policy suites.
 */
import { SignatureV4 } from '@smithy/signature-v4'
import { request } from 'undici'
import { CreateDeploymentCommand, ImportRestApiCommand, type APIGatewayClient } from '@aws-sdk/client-api-gateway'
import { resolveConfigFile, validateConfigFile } from '../../src/config-file.ts'
import { Sha256, startHarness, useStarted, type Harness, type SuiteSetup } from '../control/harness.ts'

export const ACCOUNT = '123456789012'
export const OTHER_ACCOUNT = '210987654321'
export const REGION = 'us-east-1'

export interface Keys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export const ALICE: Keys = { accessKeyId: 'AKIAALICE00000000001', secretAccessKey: 'alice/secret/0000000000000000000000000000' }
export const BOB: Keys = { accessKeyId: 'AKIABOB0000000000001', secretAccessKey: 'bob/secret/00000000000000000000000000000' }
export const CAROL: Keys = { accessKeyId: 'AKIACAROL00000000001', secretAccessKey: 'carol/secret/0000000000000000000000000000' }
export const CI: Keys & { sessionToken: string } = { accessKeyId: 'ASIACISESSION0000001', secretAccessKey: 'ci/secret/000000000000000000000000000000', sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN//ci' }
export const STALE: Keys & { sessionToken: string } = { accessKeyId: 'ASIASTALESESSION0001', secretAccessKey: 'stale/secret/0000000000000000000000000000', sessionToken: 'FwoGZXIvYXdzSTALETOKEN' }

const allow = (resource: string | string[]) => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource })

/**
 * alice may invoke GET on every API's prod stage except /pets/2 (explicit deny) and POST /pets;
 * bob has no policy; carol lives in another account and may invoke anything; the `ci` session
 * of role deployer may invoke anything; the `stale` session expired in 2020.
 */
export const IAM_SECTION = {
  users: {
    alice: {
      accessKeys: [ALICE],
      policies: [
        {
          Version: '2012-10-17',
          Statement: [
            allow([`arn:aws:execute-api:${REGION}:${ACCOUNT}:*/prod/GET/*`, `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/prod/POST/pets`]),
            { Effect: 'Deny', Action: 'execute-api:*', Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/*/*/pets/2` },
          ],
        },
      ],
    },
    bob: { accessKeys: [BOB] },
    carol: { accountId: OTHER_ACCOUNT, accessKeys: [CAROL], policies: [{ Version: '2012-10-17', Statement: [allow('*')] }] },
  },
  roles: {
    deployer: {
      sessions: [
        { sessionName: 'ci', ...CI },
        { sessionName: 'stale', ...STALE, expiration: '2020-01-01T00:00:00Z' },
      ],
      policies: [{ Version: '2012-10-17', Statement: [allow('*')] }],
    },
  },
}

/** Portico with IAM_SECTION as its config file, validated as a file would be. */
export async function startIamHarness(): Promise<Harness> {
  const contents: unknown = JSON.parse(JSON.stringify({ iam: IAM_SECTION }))
  validateConfigFile(contents)
  return startHarness({ region: REGION, accountId: ACCOUNT }, { functions: resolveConfigFile(contents, undefined) })
}

/** startIamHarness for the enclosing suite, `setup` after it started, closed after it (useStarted) */
export function useIamHarness(setup?: SuiteSetup<Harness>): Harness {
  return useStarted(startIamHarness, setup)
}

/** Imports an OpenAPI document (JSON) and deploys it to `prod`; the API's id. */
export async function deployApi(client: APIGatewayClient, doc: object): Promise<string> {
  const api = await client.send(new ImportRestApiCommand({ body: new TextEncoder().encode(JSON.stringify(doc)) }))
  await client.send(new CreateDeploymentCommand({ restApiId: api.id!, stageName: 'prod' }))
  return api.id!
}

export interface Reply {
  status: number
  errorType: string | undefined
  headers: Record<string, string | string[] | undefined>
  body: string
  json(): any
}

export interface SignOptions {
  keys: Keys
  service?: string
  region?: string
  /** the signing time (default now) */
  date?: Date
  /** query-string (presigned) form instead of the Authorization header */
  presign?: boolean
}

/** Sends a request, SigV4-signed by the SDK's signer when `sign` is given. */
export async function call(
  url: string,
  options: { method?: string; body?: string; headers?: Record<string, string>; sign?: SignOptions; sendBody?: string } = {},
): Promise<Reply> {
  const u = new URL(url)
  const method = options.method ?? 'GET'
  let target = u
  let headers: Record<string, string> = { host: u.host, ...(options.headers ?? {}) }
  if (options.sign) {
    const s = options.sign
    const signer = new SignatureV4({ service: s.service ?? 'execute-api', region: s.region ?? REGION, sha256: Sha256, credentials: s.keys })
    const query: Record<string, string> = {}
    for (const [k, v] of u.searchParams) query[k] = v
    const unsigned = { method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, query, headers, ...(options.body !== undefined && { body: options.body }) }
    const when = s.date ? { signingDate: s.date } : {}
    if (s.presign) {
      const signed = await signer.presign(unsigned, when)
      target = new URL(u.origin + u.pathname)
      for (const [k, v] of Object.entries(signed.query ?? {})) target.searchParams.set(k, String(v))
      headers = signed.headers as Record<string, string>
    } else {
      headers = (await signer.sign(unsigned, when)).headers as Record<string, string>
    }
  }
  delete headers.host
  const res = await request(target, { method: method as 'GET', headers, body: options.sendBody ?? options.body })
  const body = await res.body.text()
  const errorType = res.headers['x-amzn-errortype']
  return { status: res.statusCode, errorType: typeof errorType === 'string' ? errorType : undefined, headers: res.headers, body, json: () => JSON.parse(body) }
}

/** A MOCK integration answering 200 with `template`. */
export function mockIntegration(template = '{"ok": true}'): object {
  return {
    type: 'mock',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    responses: { default: { statusCode: '200', responseTemplates: { 'application/json': template } } },
  }
}

export const SIGV4_SCHEME = { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } }
