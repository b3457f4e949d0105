/**
 * The package entry (`import { createGateway } from 'portico'`): a gateway in the test process,
 * for suites that exercise their own API through it. Nothing listens for the data plane until
 * `listen()`; `inject()` runs requests without a socket. The management API listens on an
 * ephemeral loopback port of its own, so that `importOpenApi()` goes through it like `portico
 * serve` does: validated, signed with the admin key pair, audited.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createManagementClient, type ManagementClient } from './cli/management-client.ts'
import { loadConfigFile } from './config-file.ts'
import { resolveConfig } from './config.ts'
import type { InjectRequest, InjectResponse } from './data/inject.ts'
import { openPortico, type PorticoCore } from './main.ts'
import type { RestApi } from './model/index.ts'
import type { RecordedRequest, RequestHistoryFilter } from './observe/request-history.ts'

export type { InjectRequest, InjectResponse } from './data/inject.ts'
export type { RecordedRequest, RequestHistoryFilter } from './observe/request-history.ts'
/** a management call's error answer (an invalid document in importOpenApi): AWS's exception name in `type` */
export { ManagementError } from './cli/management-client.ts'

export interface GatewayOptions {
  /** where the configuration is kept; default a new temporary directory, removed by close() */
  dataDir?: string
  /**
   * the config file (functions, Lambda endpoint, AWS service endpoints); default what `portico
   * serve` reads: PORTICO_CONFIG, else portico.config.json/.yaml in the working directory, if any
   */
  configFile?: string
  region?: string
  accountId?: string
  /** the management API's key pair; default one generated into the data directory */
  admin?: { accessKeyId: string; secretAccessKey: string }
  /** requests each stage keeps in `requests()`; 0 turns the history off (default PORTICO_REQUEST_HISTORY, else 100) */
  requestHistory?: number
}

export interface ImportOptions {
  /** the stage to deploy to */
  stage: string
  /** its stage variables */
  variables?: Record<string, string>
}

export interface ImportedApi {
  apiId: string
  stage: string
  /** the stage's path on any listener and for `inject()`: `/_aws/execute-api/{apiId}/{stage}` */
  basePath: string
  /** `{url}{basePath}` once `listen()` was called, else undefined */
  invokeUrl: string | undefined
}

export interface Gateway {
  /** `http://host:port` of the data plane once `listen()` was called */
  readonly url: string | undefined
  /** `http://127.0.0.1:port` of the management API (loopback only) */
  readonly managementUrl: string
  /** the key pair the management API accepts */
  readonly admin: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly region: string
  /** the data directory: the database, the logs (`logs/`), the generated secrets */
  readonly dataDir: string
  /** opens the data plane (with the management API) on `host:port`, default 127.0.0.1 and a free port; resolves to its URL */
  listen(port?: number, host?: string): Promise<string>
  /** a request through the data plane without a socket */
  inject(request: InjectRequest): Promise<InjectResponse>
  /** imports an OpenAPI 2.0 or 3.x document (an object, or JSON or YAML text) as a new REST API and deploys it */
  importOpenApi(document: string | object, options: ImportOptions): Promise<ImportedApi>
  /** empties APIs, stages, API keys, usage plans, usage, caches and the request history */
  reset(): Promise<void>
  /** resolves once every change made so far (through `managementUrl` too) is being served */
  settled(): Promise<void>
  /** the last requests each stage answered, newest first */
  requests(filter?: RequestHistoryFilter): RecordedRequest[]
  /** stops listening, closes the store and removes the temporary data directory */
  close(): Promise<void>
}

export async function createGateway(options: GatewayOptions = {}): Promise<Gateway> {
  const temporary = options.dataDir === undefined ? await mkdtemp(join(tmpdir(), 'portico-gateway-')) : undefined
  let core: PorticoCore | undefined
  try {
    // the environment's PORTICO_* settings are the server's: an embedded gateway takes only its options
    const config = resolveConfig(
      {
        dataDir: options.dataDir ?? temporary,
        host: '127.0.0.1',
        port: 0,
        region: options.region,
        accountId: options.accountId,
        adminAccessKeyId: options.admin?.accessKeyId,
        adminSecretAccessKey: options.admin?.secretAccessKey,
      },
      {},
    )
    const functions = await loadConfigFile({ path: options.configFile ?? (process.env.PORTICO_CONFIG || undefined) })
    core = await openPortico(config, { functions, ...(options.requestHistory !== undefined && { requestHistory: options.requestHistory }) })
    const [managementAddress] = await core.listen([{ host: '127.0.0.1', port: 0, serves: 'management' }])
    const managementUrl = `http://127.0.0.1:${managementAddress!.port}`
    const client = createManagementClient({
      endpoint: managementUrl,
      region: config.region,
      credentials: { accessKeyId: core.admin.accessKeyId, secretAccessKey: core.admin.secretAccessKey, source: 'the gateway' },
    })
    return embeddedGateway(core, client, managementUrl, temporary)
  } catch (error) {
    await core?.close().catch(() => undefined)
    if (temporary !== undefined) await rm(temporary, { recursive: true, force: true })
    throw error
  }
}

function embeddedGateway(core: PorticoCore, client: ManagementClient, managementUrl: string, temporary: string | undefined): Gateway {
  let url: string | undefined
  let closing: Promise<void> | undefined

  return {
    get url() {
      return url
    },
    managementUrl,
    admin: { accessKeyId: core.admin.accessKeyId, secretAccessKey: core.admin.secretAccessKey },
    region: core.config.region,
    dataDir: core.config.dataDir,

    async listen(port = 0, host = '127.0.0.1') {
      if (closing) throw new Error('the gateway is closed')
      if (url !== undefined) throw new Error(`the gateway already listens on ${url}`)
      const [address] = await core.listen([{ host, port }])
      url = `http://${address!.family === 'IPv6' ? `[${address!.address}]` : address!.address}:${address!.port}`
      return url
    },

    inject: (request) => core.inject(request),

    async importOpenApi(document, { stage, variables = {} }) {
      const text = typeof document === 'string' ? document : JSON.stringify(document)
      const api = await client.json<RestApi>({ method: 'POST', path: '/restapis', query: { mode: 'import' }, body: text })
      try {
        await client.json({
          method: 'POST',
          path: `/restapis/${encodeURIComponent(api.id)}/deployments`,
          body: { stageName: stage, ...(Object.keys(variables).length > 0 && { variables }) },
        })
      } catch (error) {
        // an API that cannot be deployed is not left behind
        await client.json({ method: 'DELETE', path: `/restapis/${encodeURIComponent(api.id)}` }).catch(() => undefined)
        throw error
      }
      await core.settled()
      const basePath = `/_aws/execute-api/${api.id}/${stage}`
      return { apiId: api.id, stage, basePath, invokeUrl: url === undefined ? undefined : `${url}${basePath}` }
    },

    reset: () => core.reset(),
    settled: () => core.settled(),
    requests: (filter) => core.requests.list(filter),

    close() {
      closing ??= (async () => {
        await core.close()
        if (temporary !== undefined) await rm(temporary, { recursive: true, force: true })
      })()
      return closing
    },
  }
}
