/**
 * An independent SigV4 check for the AWS service integration tests: re-signs what a test server
 * received with the AWS SDK's own signer (`@smithy/signature-v4`, already installed with the
 * dev dependency `@aws-sdk/client-api-gateway`) and compares signatures in constant time.
 * The body is hashed here, never trusted from `x-amz-content-sha256` (dependencies.md pitfall).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { SignatureV4 } from '@smithy/signature-v4'

/** smithy's hash constructor, over node:crypto. */
class Sha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest()
  }
  reset(): void {}
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Buffer {
  if (typeof data === 'string') return data
  if (data instanceof ArrayBuffer) return Buffer.from(data)
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

export interface Received {
  method: string
  /** path and query as sent */
  url: string
  rawHeaders: string[]
  body: Buffer
}

export type Verdict = { ok: true; accessKeyId: string; region: string; service: string; signedHeaders: string[] } | { ok: false; reason: string }

export async function verifySigV4(req: Received, secrets: Readonly<Record<string, string>>): Promise<Verdict> {
  const headers: Record<string, string> = {}
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase()
    headers[name] = headers[name] === undefined ? req.rawHeaders[i + 1]! : `${headers[name]},${req.rawHeaders[i + 1]!}`
  }
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(headers['authorization'] ?? '')
  if (auth === null) return { ok: false, reason: `no SigV4 Authorization header: ${headers['authorization']}` }
  const [, accessKeyId, , region, service, signedList, signature] = auth as unknown as [string, string, string, string, string, string, string]
  const secretAccessKey = secrets[accessKeyId]
  if (secretAccessKey === undefined) return { ok: false, reason: `unknown access key ${accessKeyId}` }
  const amzDate = headers['x-amz-date']
  if (amzDate === undefined) return { ok: false, reason: 'no X-Amz-Date' }
  const signedHeaders = signedList.split(';')
  const signed: Record<string, string> = {}
  for (const name of signedHeaders) {
    if (headers[name] === undefined) return { ok: false, reason: `signed header ${name} missing` }
    signed[name] = headers[name]!
  }

  const url = new URL(req.url, `http://${headers['host']}`)
  const query: Record<string, string | string[]> = {}
  for (const [k, v] of url.searchParams) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  const signer = new SignatureV4({ service, region, credentials: { accessKeyId, secretAccessKey }, sha256: Sha256, applyChecksum: false, uriEscapePath: service !== 's3' })
  const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`)
  const expected = await signer.sign(
    { method: req.method, protocol: 'http:', hostname: url.hostname, port: url.port === '' ? undefined : Number(url.port), path: url.pathname, query, headers: signed, body: req.body } as never,
    { signingDate: date },
  )
  const expectedAuth = (expected as unknown as { headers: Record<string, string> }).headers['authorization'] ?? ''
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(expectedAuth)?.[1] ?? ''
  const same = expectedSignature.length === signature.length && timingSafeEqual(Buffer.from(expectedSignature), Buffer.from(signature))
  return same ? { ok: true, accessKeyId, region, service, signedHeaders } : { ok: false, reason: `signature mismatch (expected ${expectedAuth})` }
}

/** What a stand-in endpoint received, with its verdict. */
export interface SeenRequest extends Received {
  headers: IncomingHttpHeaders
  verdict: Verdict
}

/**
 * A stand-in AWS endpoint on loopback: every request is recorded in `seen` with the verdict of an
 * independent signature check; a bad signature is answered 403 with the reason, a good one by `answer`.
 */
export async function startSignedStandIn(
  secrets: Readonly<Record<string, string>>,
  seen: SeenRequest[],
  answer: (received: Received, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const received: Received = { method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) }
      const verdict = await verifySigV4(received, secrets)
      seen.push({ ...received, headers: req.headers, verdict })
      if (!verdict.ok) res.writeHead(403, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: verdict.reason }))
      else answer(received, req, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}
