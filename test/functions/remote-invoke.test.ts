import assert from 'node:assert/strict'
import { createHash, createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, test } from 'node:test'
import { resolveConfigFile } from '../../src/config-file.ts'
import { createFunctionInvoker, signRequest } from '../../src/functions/index.ts'
import type { FunctionInvoker } from '../../src/gateway/function-invoker.ts'
import { FIXTURES } from './runtime-fixture.ts'

const KEY = { accessKeyId: 'AKIDPORTICOTEST', secretAccessKey: 'portico/secret+key' }

/**
 * The server's own SigV4 check, written from the IAM user guide independently of
 * src/lib/sigv4/sign.ts: it rebuilds the canonical request from the raw request line.
 */
function verifySigV4(req: IncomingMessage, body: string, secret: string): string | undefined {
  const auth = req.headers.authorization ?? ''
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(auth)
  if (!m) return 'malformed Authorization header'
  const [, , day, region, service, signed, signature] = m as unknown as string[]
  const amzDate = String(req.headers['x-amz-date'])
  if (!amzDate.startsWith(day!)) return 'x-amz-date does not match the credential scope'
  const [rawPath, rawQuery = ''] = req.url!.split('?')
  const enc = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
  const path = rawPath!.split('/').map((seg) => enc(seg)).join('/') // non-S3: the request path, encoded once more
  const query = rawQuery
    .split('&')
    .filter(Boolean)
    .map((kv) => kv.split('=').map((p) => enc(decodeURIComponent(p.replace(/\+/g, ' ')))).join('='))
    .sort()
    .join('&')
  const names = signed!.split(';')
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed'
  const canonicalHeaders = names.map((n) => `${n}:${String(req.headers[n]).trim()}\n`).join('')
  const canonical = [req.method, path, query, canonicalHeaders, signed, createHash('sha256').update(body).digest('hex')].join('\n')
  const scope = `${day}/${region}/${service}/aws4_request`
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonical).digest('hex')}`
  let k: Buffer = createHmac('sha256', 'AWS4' + secret).update(day!).digest()
  for (const part of [region!, service!, 'aws4_request']) k = createHmac('sha256', k).update(part).digest()
  const expected = createHmac('sha256', k).update(toSign).digest('hex')
  if (service !== 'lambda') return `signed for service ${service}`
  return expected === signature ? undefined : 'The request signature we calculated does not match the signature you provided.'
}

describe('remote invoke through the Lambda Invoke API', { timeout: 20_000 }, () => {
  let server: Server
  let endpoint: string
  let invoker: FunctionInvoker
  const seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }> = []

  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body })
        const problem = verifySigV4(req, body, KEY.secretAccessKey)
        if (problem) {
          res.writeHead(403, { 'x-amzn-ErrorType': 'InvalidSignatureException', 'content-type': 'application/json' })
          res.end(JSON.stringify({ message: problem }))
          return
        }
        const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations(?:\?Qualifier=(.+))?$/.exec(req.url!)
        const name = decodeURIComponent(match?.[1] ?? '')
        const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-RequestId': 'remote-request-1', 'X-Amz-Executed-Version': match?.[2] === 'live' ? '3' : '$LATEST' }
        headers['X-Amz-Log-Result'] = Buffer.from('START RequestId: remote-request-1 Version: $LATEST\nhello from afar\nEND RequestId: remote-request-1\n').toString('base64')
        if (req.method !== 'POST' || req.headers['x-amz-invocation-type'] !== 'RequestResponse') {
          res.writeHead(400, headers).end('{}')
        } else if (name === 'missing') {
          res.writeHead(404, { 'x-amzn-ErrorType': 'ResourceNotFoundException', 'content-type': 'application/json' })
          res.end(JSON.stringify({ Type: 'User', Message: 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:missing' }))
        } else if (name === 'broken') {
          res.writeHead(200, { ...headers, 'X-Amz-Function-Error': 'Unhandled' })
          res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'remote failure', trace: [] }))
        } else if (name === 'slow') {
          setTimeout(() => res.writeHead(200, headers).end('"late"'), 1000)
        } else {
          res.writeHead(200, headers).end(JSON.stringify({ echoed: JSON.parse(body), name, qualifier: match?.[2] ?? null }))
        }
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    invoker = createFunctionInvoker({
      config: resolveConfigFile({ functions: { local: { handler: './cjs.handler' } }, lambda: { endpoint, region: 'eu-west-1', ...KEY } }, `${FIXTURES}/portico.config.json`),
      accountId: '111122223333',
      region: 'us-east-1',
      hotReload: false,
    })
  })
  after(async () => {
    await invoker.close()
    await new Promise((resolve) => server.close(resolve))
  })

  test('a function not in the registry goes to the endpoint, signed, RequestResponse, with Qualifier', async () => {
    assert.equal(invoker.has('elsewhere'), true)
    const result = await invoker.invoke({ functionName: 'elsewhere', qualifier: 'live', payload: { a: [1, 2] }, requestId: 'r1', timeoutMs: 5000 })
    assert.deepEqual(result.payload, { echoed: { a: [1, 2] }, name: 'elsewhere', qualifier: 'live' })
    assert.equal(result.functionError, undefined)
    assert.equal(result.awsRequestId, 'remote-request-1')
    assert.equal(result.executedVersion, '3')
    assert.deepEqual(result.logs, ['START RequestId: remote-request-1 Version: $LATEST', 'hello from afar', 'END RequestId: remote-request-1'])
    const request = seen.at(-1)!
    assert.equal(request.url, '/2015-03-31/functions/elsewhere/invocations?Qualifier=live')
    assert.equal(request.headers['x-amz-invocation-type'], 'RequestResponse')
    assert.equal(request.headers['x-amz-log-type'], 'Tail')
    assert.match(request.headers.authorization!, /Credential=AKIDPORTICOTEST\/\d{8}\/eu-west-1\/lambda\/aws4_request/)
  })

  test('X-Amz-Function-Error → functionError, payload is the error document', async () => {
    const result = await invoker.invoke({ functionName: 'broken', payload: {}, requestId: 'r2', timeoutMs: 5000 })
    assert.equal(result.functionError, 'Unhandled')
    assert.deepEqual(result.payload, { errorType: 'Error', errorMessage: 'remote failure', trace: [] })
  })

  test('API errors reject with InvokeError carrying Lambda\'s type, status and message', async () => {
    await assert.rejects(invoker.invoke({ functionName: 'missing', payload: {}, requestId: 'r3', timeoutMs: 5000 }), {
      type: 'ResourceNotFoundException',
      statusCode: 404,
      message: 'Function not found: arn:aws:lambda:eu-west-1:111122223333:function:missing',
    })
  })

  test('the caller deadline cuts a slow remote call: timedOut caller', async () => {
    const result = await invoker.invoke({ functionName: 'slow', payload: {}, requestId: 'r4', timeoutMs: 200 })
    assert.equal(result.timedOut, 'caller')
    assert.equal(result.functionError, 'Unhandled')
  })

  test('a name the config file declares stays local, even with an unknown qualifier', async () => {
    const before = seen.length
    assert.deepEqual((await invoker.invoke({ functionName: 'local', payload: { value: 5 }, requestId: 'r5', timeoutMs: 5000 })).payload, { style: 'cjs-async', input: 5 })
    await assert.rejects(invoker.invoke({ functionName: 'local', qualifier: '4', payload: {}, requestId: 'r6', timeoutMs: 5000 }), { type: 'ResourceNotFoundException' })
    assert.equal(seen.length, before)
  })

  test('a wrong secret fails the server\'s check (the check is real)', async () => {
    const bad = createFunctionInvoker({
      config: resolveConfigFile({ lambda: { endpoint, accessKeyId: KEY.accessKeyId, secretAccessKey: 'wrong' } }, undefined),
      accountId: '111122223333',
      region: 'eu-west-1',
      hotReload: false,
    })
    try {
      await assert.rejects(bad.invoke({ functionName: 'x', payload: {}, requestId: 'r7', timeoutMs: 5000 }), { type: 'InvalidSignatureException', statusCode: 403 })
    } finally {
      await bad.close()
    }
  })

  test('names needing escapes (ARNs) are signed over the doubly-encoded path', async () => {
    const arn = 'arn:aws:lambda:eu-west-1:111122223333:function:far-away'
    const result = await invoker.invoke({ functionName: arn, payload: {}, requestId: 'r8', timeoutMs: 5000 })
    assert.equal((result.payload as { name: string }).name, arn)
  })
})

test('signRequest reproduces the AWS SigV4 documentation example (IAM ListUsers)', () => {
  const signed = signRequest({
    method: 'GET',
    url: 'https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: '',
    service: 'iam',
    region: 'us-east-1',
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    now: new Date('2015-08-30T12:36:00Z'),
  })
  assert.equal(
    signed.headers.authorization,
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  )
})
