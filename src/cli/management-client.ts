/**
 * A small client for a running Portico's management API (AWS's `apigateway` rest-json
 * protocol): every request SigV4-signed, every error answer turned into a ManagementError named
 * for AWS's exception. The CLI's state-changing commands go through it, so they are validated
 * and audited like any other API call.
 */
import { readFile } from 'node:fs/promises'
import { request as httpRequest, STATUS_CODES, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { CREDENTIALS_FILE, type PorticoConfig } from '../config.ts'
import { signRequest } from '../lib/sigv4/sign.ts'

export interface ClientCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** where they were found, for error hints */
  source: string
}

export interface ManagementClientOptions {
  /** `http://host:port` of the running Portico */
  endpoint: string
  region: string
  /** undefined: requests go unsigned (the server answers 403, explained by `missingCredentials`) */
  credentials: ClientCredentials | undefined
  /** what to say when no credentials were found */
  missingCredentials?: string
}

export interface ManagementRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** path with each parameter already encoded, e.g. `/restapis/abc/stages` */
  path: string
  query?: Record<string, string>
  /** a JSON body, or raw text sent as is (an OpenAPI document) */
  body?: Record<string, unknown> | string
  accept?: string
}

export interface ManagementClient {
  readonly endpoint: string
  /** the parsed JSON answer of a successful call */
  json<T>(request: ManagementRequest): Promise<T>
  /** the body of a successful call as text (GetExport) */
  text(request: ManagementRequest): Promise<string>
  /** the body of a successful call as bytes (GetSdk's zip) */
  bytes(request: ManagementRequest): Promise<Buffer>
}

/** An error answer: `portico: <type>: <message>`. */
export class ManagementError extends Error {
  override name = 'ManagementError'
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
  }
}

/** Nothing listens at the endpoint. */
export class NotRunningError extends Error {
  override name = 'NotRunningError'
  constructor(readonly endpoint: string) {
    super(`no Portico answering at ${endpoint} — start one with \`portico serve\`, or pass --endpoint-url`)
  }
}

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'EAI_AGAIN', 'UND_ERR_SOCKET'])

export function createManagementClient(options: ManagementClientOptions): ManagementClient {
  const endpoint = options.endpoint.replace(/\/+$/, '')

  async function send(request: ManagementRequest): Promise<Answer> {
    const url = new URL(endpoint + request.path)
    for (const [k, v] of Object.entries(request.query ?? {})) url.searchParams.set(k, v)
    const body = request.body === undefined ? undefined : typeof request.body === 'string' ? request.body : JSON.stringify(request.body)
    let headers: Record<string, string> = {
      accept: request.accept ?? 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
    }
    const credentials = options.credentials
    if (credentials) {
      headers = signRequest({
        method: request.method,
        url,
        headers,
        ...(body !== undefined && { body }),
        service: 'apigateway',
        region: options.region,
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken !== undefined && { sessionToken: credentials.sessionToken }),
      }).headers
    }
    let response: Answer
    try {
      response = await exchange(url, request.method, headers, body)
    } catch (error) {
      if (isConnectError(error)) throw new NotRunningError(endpoint)
      throw error
    }
    if (response.status >= 200 && response.status < 300) return response
    const errorType = response.headers['x-amzn-errortype']
    const type = (typeof errorType === 'string' ? errorType.split(':')[0] : undefined) ?? `HTTP ${response.status}`
    const text = response.text
    let message = text
    try {
      message = (JSON.parse(text) as { message?: string | null }).message ?? STATUS_CODES[response.status] ?? ''
    } catch {
      // not JSON: keep the text
    }
    if (response.status === 403 && !credentials && options.missingCredentials) throw new ManagementError(type, 403, message, options.missingCredentials)
    const hint = response.status === 403 && credentials ? `signed with the key ${credentials.accessKeyId} from ${credentials.source}` : undefined
    throw new ManagementError(type, response.status, message, hint)
  }

  return {
    endpoint,
    async json<T>(request: ManagementRequest): Promise<T> {
      const { text } = await send(request)
      return (text === '' ? {} : JSON.parse(text)) as T
    },
    async text(request: ManagementRequest): Promise<string> {
      return (await send(request)).text
    },
    async bytes(request: ManagementRequest): Promise<Buffer> {
      return (await send(request)).raw
    },
  }
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  text: string
  raw: Buffer
}

/**
 * One request with node:http(s), not fetch: `portico serve` calls its own API while starting,
 * and fetch's first use loads Node's bundled undici and web streams (~40 ms of start-up).
 */
function exchange(url: URL, method: string, headers: Record<string, string>, body: string | undefined): Promise<Answer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: raw.toString('utf8'), raw })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

function isConnectError(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause
  const codes: unknown[] = []
  const collect = (e: unknown) => {
    if (e === null || typeof e !== 'object') return
    codes.push((e as { code?: unknown }).code)
    for (const inner of (e as { errors?: unknown[] }).errors ?? []) collect(inner)
  }
  // node:http's own error (an AggregateError when every address of a name refused), or fetch's cause
  collect(error)
  collect(cause)
  return codes.some((code) => typeof code === 'string' && CONNECT_ERRORS.has(code))
}

/** `--endpoint-url`, else PORTICO_ENDPOINT, else `http://localhost:<admin-port or port>` (the host when it names one). */
export function resolveEndpoint(config: Pick<PorticoConfig, 'host' | 'port' | 'adminPort'>, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const given = flag || env.PORTICO_ENDPOINT
  if (given) {
    let url: URL
    try {
      url = new URL(given)
    } catch {
      throw new EndpointError(`--endpoint-url must be a URL such as http://localhost:4566, got ${JSON.stringify(given)}`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new EndpointError(`--endpoint-url must be http:// or https://, got ${JSON.stringify(given)}`)
    return url.origin + url.pathname.replace(/\/+$/, '')
  }
  const anyAddress = config.host === '0.0.0.0' || config.host === '::' || config.host === '127.0.0.1'
  const host = anyAddress ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host
  return `http://${host}:${config.adminPort ?? config.port}`
}

export class EndpointError extends Error {
  override name = 'EndpointError'
}

/**
 * The key pair to sign with: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, else
 * PORTICO_ADMIN_ACCESS_KEY_ID / PORTICO_ADMIN_SECRET_ACCESS_KEY, else the pair `portico serve`
 * keeps in `<dataDir>/admin-credentials.json`. Never generates one: that is the server's job.
 */
export async function resolveCredentials(
  config: Pick<PorticoConfig, 'dataDir' | 'adminAccessKeyId' | 'adminSecretAccessKey'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ClientCredentials | undefined> {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN && { sessionToken: env.AWS_SESSION_TOKEN }),
      source: 'AWS_ACCESS_KEY_ID',
    }
  }
  if (config.adminAccessKeyId !== undefined && config.adminSecretAccessKey !== undefined) {
    return { accessKeyId: config.adminAccessKeyId, secretAccessKey: config.adminSecretAccessKey, source: 'PORTICO_ADMIN_ACCESS_KEY_ID' }
  }
  const file = join(config.dataDir, CREDENTIALS_FILE)
  let stored: Partial<ClientCredentials>
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<ClientCredentials>
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new Error(`${file}: ${(error as Error).message}`)
  }
  if (typeof stored.accessKeyId !== 'string' || typeof stored.secretAccessKey !== 'string') {
    throw new Error(`${file} must hold {"accessKeyId": "...", "secretAccessKey": "..."}`)
  }
  return { accessKeyId: stored.accessKeyId, secretAccessKey: stored.secretAccessKey, source: file }
}

/** What to tell a caller who had no key pair to sign with. */
export function missingCredentialsHint(dataDir: string): string {
  return (
    `no credentials to sign with: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or PORTICO_ADMIN_ACCESS_KEY_ID and ` +
    `PORTICO_ADMIN_SECRET_ACCESS_KEY), or pass the --data-dir of the running \`portico serve\` (no ${join(dataDir, CREDENTIALS_FILE)})`
  )
}

/** The client the CLI commands use: endpoint, credentials and region from flags, environment and config. */
export async function clientFor(config: PorticoConfig, endpointFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ManagementClient> {
  return createManagementClient({
    endpoint: resolveEndpoint(config, endpointFlag, env),
    region: config.region,
    credentials: await resolveCredentials(config, env),
    missingCredentials: missingCredentialsHint(config.dataDir),
  })
}
