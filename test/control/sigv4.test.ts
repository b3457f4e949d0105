/**
 * SigV4 on the management API: AWS's published vectors for the canonical form, the SDK's own
 * signatures accepted, and every failure answered 403 with AWS's texts.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execFile, spawnSync } from 'node:child_process'
import { promisify } from 'node:util'
import { request } from 'undici'
import { GetRestApisCommand } from '@aws-sdk/client-api-gateway'
import { canonicalRequest, formatAmzDate, sha256Hex, signature, stringToSign } from '../../src/lib/sigv4/canonical.ts'
import { verifySigV4, SigV4Error, SIGNATURE_MISMATCH } from '../../src/lib/sigv4/verify.ts'
import { startPortico } from '../../src/main.ts'
import { resolveConfig } from '../../src/config.ts'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, presignedUrl, sdkClient, sdkError, signedHeaders, startHarness, useHarness } from './harness.ts'

const run = promisify(execFile)
const hasAwsCli = () => spawnSync('aws', ['--version']).status === 0

describe('SigV4 canonical form (AWS test suite vectors)', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
  const sign = (path: string, query: Array<[string, string]>) => {
    const headers = new Map([
      ['host', 'example.amazonaws.com'],
      ['x-amz-date', '20150830T123600Z'],
    ])
    const canonical = canonicalRequest({ method: 'GET', path, query, headers, signedHeaders: ['host', 'x-amz-date'], payloadHash: sha256Hex('') })
    return signature(secret, '20150830', 'us-east-1', 'service', stringToSign('20150830T123600Z', '20150830/us-east-1/service/aws4_request', canonical))
  }

  it('get-vanilla', () => {
    assert.equal(sign('/', []), '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31')
  })

  it('get-vanilla-query-order-key-case', () => {
    assert.equal(sign('/', [['Param2', 'value2'], ['Param1', 'value1']]), 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500')
  })
})

describe('verifySigV4 (unit)', () => {
  const now = Date.UTC(2026, 0, 2, 3, 4, 5)
  const secretFor = (id: string) => (id === ACCESS_KEY_ID ? { secretAccessKey: SECRET_ACCESS_KEY } : undefined)
  const service = 'apigateway'

  it('accepts a request signed by an independent signer, with a body and a query', async () => {
    const url = 'http://127.0.0.1:4566/restapis?limit=5&position=a%20b'
    const headers = await signedHeaders(url, 'POST', '{"name":"x"}', { date: new Date(now) })
    const raw = Object.entries(headers).flat()
    assert.equal(verifySigV4({ method: 'POST', url: '/restapis?limit=5&position=a%20b', rawHeaders: raw, body: Buffer.from('{"name":"x"}') }, { service, secretFor, now }).accessKeyId, ACCESS_KEY_ID)
    assert.throws(
      () => verifySigV4({ method: 'POST', url: '/restapis?limit=5&position=a%20b', rawHeaders: raw, body: Buffer.from('{"name":"y"}') }, { service, secretFor, now }),
      (e: unknown) => e instanceof SigV4Error && e.code === 'InvalidSignatureException' && e.message === SIGNATURE_MISMATCH,
    )
  })

  it("answers AWS's expiry texts in both directions", async () => {
    const headers = Object.entries(await signedHeaders('http://h/restapis', 'GET', '', { date: new Date(now) })).flat()
    const later = now + 6 * 60_000
    assert.throws(
      () => verifySigV4({ method: 'GET', url: '/restapis', rawHeaders: headers, body: Buffer.alloc(0) }, { service, secretFor, now: later }),
      (e: unknown) =>
        e instanceof SigV4Error &&
        e.code === 'InvalidSignatureException' &&
        e.message === `Signature expired: ${formatAmzDate(now)} is now earlier than ${formatAmzDate(later - 300_000)} (${formatAmzDate(later)} - 5 min.)`,
    )
    const earlier = now - 6 * 60_000
    assert.throws(
      () => verifySigV4({ method: 'GET', url: '/restapis', rawHeaders: headers, body: Buffer.alloc(0) }, { service, secretFor, now: earlier }),
      (e: unknown) => e instanceof SigV4Error && e.message.startsWith(`Signature not yet current: ${formatAmzDate(now)} is still later than`),
    )
  })
})

describe('management API authentication', () => {
  const h = useHarness()

  const call = (headers: Record<string, string>, body = '', method: 'GET' | 'POST' = 'GET', path = '/restapis') =>
    request(`${h.portico.url}${path}`, { method, headers, body: body === '' ? undefined : body })

  async function expect403(res: Awaited<ReturnType<typeof call>>, type: string, message: string | RegExp) {
    assert.equal(res.statusCode, 403)
    assert.equal(res.headers['x-amzn-errortype'], type)
    assert.equal(res.headers['content-type'], 'application/json')
    assert.ok(res.headers['x-amzn-requestid'])
    const body = (await res.body.json()) as { message: string }
    if (typeof message === 'string') assert.equal(body.message, message)
    else assert.match(body.message, message)
  }

  it('accepts the SDK (SigV4 header form) and a hand-signed request', async () => {
    const out = await h.client.send(new GetRestApisCommand({}))
    assert.equal(out.$metadata.httpStatusCode, 200)
    const res = await call(await signedHeaders(`${h.portico.url}/restapis`, 'GET', ''))
    assert.equal(res.statusCode, 200)
    assert.deepEqual(await res.body.json(), { item: [] })
  })

  it('accepts botocore’s signatures (the real AWS CLI): JSON body, query, ~1 in a patch path', { skip: !hasAwsCli() && 'aws CLI not installed' }, async () => {
    const env = { ...process.env, AWS_ACCESS_KEY_ID: ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY, AWS_DEFAULT_REGION: 'eu-central-1', AWS_PAGER: '', AWS_CONFIG_FILE: '/dev/null' }
    const aws = async (...args: string[]) => JSON.parse((await run('aws', ['apigateway', ...args, '--endpoint-url', h.portico.url, '--output', 'json'], { env, encoding: 'utf8' })).stdout) as Record<string, unknown>
    const api = await aws('create-rest-api', '--name', 'signed by botocore', '--tags', '_custom_id_=botocore')
    assert.equal(api.id, 'botocore')
    const patched = await aws('update-rest-api', '--rest-api-id', 'botocore', '--patch-operations', 'op=add,path=/binaryMediaTypes/image~1png')
    assert.deepEqual(patched.binaryMediaTypes, ['image/png'])
    const resources = await aws('get-resources', '--rest-api-id', 'botocore', '--embed', 'methods', '--page-size', '10')
    assert.equal((resources.items as unknown[]).length, 1)
  })

  it('accepts the query (presigned) form', async () => {
    const u = new URL(`${h.portico.url}/restapis?limit=3`)
    const url = await presignedUrl(u.href)
    const res = await request(url)
    assert.equal(res.statusCode, 200)
    await res.body.dump()
    const tampered = await request(url.replace('limit=3', 'limit=4'))
    assert.equal(tampered.statusCode, 403)
    assert.equal(tampered.headers['x-amzn-errortype'], 'InvalidSignatureException')
    await tampered.body.dump()
  })

  it('refuses bodies over 1 MB with 413 before reading them', async () => {
    const big = '{"name":"' + 'x'.repeat(1024 * 1024) + '"}'
    const res = await call(await signedHeaders(`${h.portico.url}/restapis`, 'POST', big), big, 'POST')
    assert.equal(res.statusCode, 413)
    assert.equal(res.headers['x-amzn-errortype'], 'RequestEntityTooLargeException')
    await res.body.dump()
  })

  it('no Authorization → 403 Missing Authentication Token', async () => {
    await expect403(await call({}), 'MissingAuthenticationTokenException', 'Missing Authentication Token')
  })

  it('a malformed Authorization header → 403 IncompleteSignatureException', async () => {
    await expect403(
      await call({ authorization: 'Bearer abc' }),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=Bearer abc",
    )
  })

  it('an unknown access key → 403 UnrecognizedClientException', async () => {
    await expect403(
      await call(await signedHeaders(`${h.portico.url}/restapis`, 'GET', '', { accessKeyId: 'AKIANOTKNOWN00000000' })),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    )
    const e = await sdkError(() => sdkClient(h.portico.url, { accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'x' }).send(new GetRestApisCommand({})))
    assert.equal(e.name, 'UnrecognizedClientException')
    assert.equal(e.$metadata.httpStatusCode, 403)
  })

  it('a wrong secret → 403 InvalidSignatureException', async () => {
    await expect403(await call(await signedHeaders(`${h.portico.url}/restapis`, 'GET', '', { secret: 'not-the-secret' })), 'InvalidSignatureException', SIGNATURE_MISMATCH)
    const e = await sdkError(() => sdkClient(h.portico.url, { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'wrong' }).send(new GetRestApisCommand({})))
    assert.equal(e.name, 'InvalidSignatureException')
    assert.equal(e.message, SIGNATURE_MISMATCH)
  })

  it('a date more than 5 minutes off → 403 Signature expired', async () => {
    const old = new Date(Date.now() - 10 * 60_000)
    await expect403(
      await call(await signedHeaders(`${h.portico.url}/restapis`, 'GET', '', { date: old })),
      'InvalidSignatureException',
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    )
  })

  it('a tampered body → 403 InvalidSignatureException (the body is hashed, x-amz-content-sha256 is not trusted)', async () => {
    const headers = await signedHeaders(`${h.portico.url}/restapis`, 'POST', '{"name":"signed"}')
    headers['x-amz-content-sha256'] = sha256Hex('{"name":"tampered"}')
    await expect403(await call(headers, '{"name":"tampered"}', 'POST'), 'InvalidSignatureException', SIGNATURE_MISMATCH)
    assert.ok(!(await h.portico.store.listRestApis()).some((a) => a.name === 'tampered' || a.name === 'signed'))
  })

  it('a tampered path or query → 403', async () => {
    const headers = await signedHeaders(`${h.portico.url}/restapis?limit=1`, 'GET', '')
    await expect403(await call(headers, '', 'GET', '/restapis?limit=2'), 'InvalidSignatureException', SIGNATURE_MISMATCH)
  })

  it('checks the signature before the route: unsigned unknown paths are 403, signed ones 404 UnknownOperationException', async () => {
    await expect403(await call({}, '', 'GET', '/nope'), 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    const res = await call(await signedHeaders(`${h.portico.url}/nope`, 'GET', ''), '', 'GET', '/nope')
    assert.equal(res.statusCode, 404)
    assert.equal(res.headers['x-amzn-errortype'], 'UnknownOperationException')
    assert.deepEqual(await res.body.json(), { message: "No operation of Amazon API Gateway's management API matches GET /nope." })
  })
})

describe('admin credentials and --dev', () => {
  it('generates a pair on first start (mode 0600), reuses it on the next', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-creds-'))
    try {
      const first = await startPortico(resolveConfig({ dataDir: dir, port: 0 }, {}))
      const admin = first.admin
      await first.close()
      assert.equal(admin.source, 'generated')
      assert.match(admin.accessKeyId, /^AKIA[A-Z2-7]{16}$/)
      assert.equal(admin.secretAccessKey.length, 40)
      const file = join(dir, 'admin-credentials.json')
      assert.equal(statSync(file).mode & 0o777, 0o600)
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { accessKeyId: admin.accessKeyId, secretAccessKey: admin.secretAccessKey })

      const second = await startPortico(resolveConfig({ dataDir: dir, port: 0 }, {}))
      try {
        assert.equal(second.admin.source, 'file')
        assert.equal(second.admin.accessKeyId, admin.accessKeyId)
        const out = await sdkClient(second.url, admin).send(new GetRestApisCommand({}))
        assert.equal(out.$metadata.httpStatusCode, 200)
      } finally {
        await second.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('takes PORTICO_ADMIN_* from the environment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portico-creds-'))
    try {
      const p = await startPortico(resolveConfig({ dataDir: dir, port: 0 }, { PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAENV', PORTICO_ADMIN_SECRET_ACCESS_KEY: 'env-secret' }))
      try {
        assert.equal(p.admin.source, 'config')
        const e = await sdkError(() => sdkClient(p.url).send(new GetRestApisCommand({})))
        assert.equal(e.name, 'UnrecognizedClientException')
        const out = await sdkClient(p.url, { accessKeyId: 'AKIAENV', secretAccessKey: 'env-secret' }).send(new GetRestApisCommand({}))
        assert.equal(out.$metadata.httpStatusCode, 200)
      } finally {
        await p.close()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('--dev accepts any well-formed signature, but still wants one', async () => {
    const h = await startHarness({ dev: true })
    try {
      const out = await sdkClient(h.portico.url, { accessKeyId: 'test', secretAccessKey: 'test' }).send(new GetRestApisCommand({}))
      assert.equal(out.$metadata.httpStatusCode, 200)
      const res = await request(`${h.portico.url}/restapis`)
      assert.equal(res.statusCode, 403)
      assert.equal(res.headers['x-amzn-errortype'], 'MissingAuthenticationTokenException')
      await res.body.dump()
    } finally {
      await h.close()
    }
  })
})
