import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, DEFAULTS, resolveConfig, type PorticoConfig } from '../config.ts'
import { localStoreExists, withLocalCertificates, withLocalStore } from '../local-store.ts'
import { certCommand } from './cert-command.ts'
import { domainCommand } from './domain-command.ts'
import { auditCommand } from './audit.ts'
import { exportCommand } from './export-command.ts'
import { importCommand } from './import-command.ts'
import { listApis } from './list-apis.ts'
import { metricsCommand } from './metrics-command.ts'
import { clientFor, EndpointError, ManagementError } from './management-client.ts'
import { gatewayOf } from './invoke-urls.ts'
import { serveCommand } from './serve-command.ts'
import { stagesOf } from './serve-file.ts'
import type { DocumentProtocol } from '../openapi/index.ts'
import { runFunctionCommand } from './function-command.ts'
import { corsCommand } from './cors-command.ts'
import { sdkCommand } from './sdk-command.ts'
import { docsCommand } from './docs-command.ts'

const VERSION = '0.1.0'

/** `portico audit` where no server kept its data: name the directory looked in and how to point at the right one. */
function noDataDirectory(config: PorticoConfig, err: NodeJS.WritableStream): number {
  err.write(
    `portico: no data directory found at ${resolve(config.dataDir)}: nothing is recorded there.\n` +
      `  The running server prints its own at start ("listening on … (data: <dir>)"); run 'portico audit --data-dir <dir>'\n` +
      `  (or set PORTICO_DATA_DIR) from where you started it.\n`,
  )
  return 1
}

const HELP = `portico ${VERSION} — Amazon API Gateway, self-hosted

Usage:
  portico serve [openapi-file ...]   import each file, deploy it to --stage and serve every deployed API
  portico import <openapi-file>      import a file as a new REST or HTTP API (deploys it with --stage)
  portico export <apiId> --stage <s> [--format oas30|swagger] [--yaml] [--extensions integrations,...]
                                     print the OpenAPI document of a deployed stage
  portico sdk <apiId> --stage <s> --type javascript|typescript|java|android|objectivec|swift [--out dir]
              [--parameter name=value ...]
                                     generate a client for a deployed stage and unzip it (GetSdk)
  portico docs export <apiId>        print the API's documentation parts (x-amazon-apigateway-documentation)
  portico docs import <apiId> <file> [--mode merge|overwrite] [--fail-on-warnings]
                                     import documentation parts from an OpenAPI or 'docs export' file
  portico ls                         list the REST and HTTP APIs, their stages and invoke URLs
  portico audit [--limit n] [--json] the latest changes made through the management API
  portico metrics [apiId] [--stage s] [--json]
                                     each stage's last hour of CloudWatch-style metrics, per minute
  portico cors enable <apiId> --resource <path|id> [--origin '*'] [--methods GET,POST]
               [--headers <list>] [--gateway-responses]
                                     what the console's "Enable CORS" does to a resource (deploy after)
  portico cert dev|import|ls         development certificates (a local CA), imported certificates named by
                                     ACM ARNs ('portico cert --help')
  portico domain ls                  the custom domains, their mappings, certificates and expiry
  portico function add|rm|ls|invoke  manage and run the Lambda functions in portico.config.json
                                     ('portico function --help')
import, export, sdk, docs, ls, metrics and cors call the management API of a running 'portico serve' (--endpoint-url).

Options:
  --data-dir <dir>   where the embedded store lives            (default ${DEFAULTS.dataDir}, env PORTICO_DATA_DIR)
  --host <addr>      address the gateway listens on            (default ${DEFAULTS.host}, env PORTICO_HOST)
  --port <n>         port the gateway listens on               (default ${DEFAULTS.port}, env PORTICO_PORT)
  --admin-port <n>   the management API's own port (and /metrics'); --port then serves only
                     the APIs                                  (default: shares --port, env PORTICO_ADMIN_PORT)
  --https-port <n>   an HTTPS listener (SNI: each custom domain's certificate), with
  --tls-cert <f> --tls-key <f>  its default certificate and key (PEM; reloaded on SIGHUP)
                                                               (env PORTICO_HTTPS_PORT, PORTICO_TLS_CERT, PORTICO_TLS_KEY)
  --https-only       no plain HTTP listener for the APIs (env PORTICO_HTTPS_ONLY)
  --vpce-listener vpce-{id}[/vpc-{id}]=[https://][host:]port
                     a listener playing an interface VPC endpoint: the only way to PRIVATE APIs
                     and private custom domains, its requests carry aws:SourceVpce/aws:SourceVpc;
                     https:// serves TLS with --tls-cert/--tls-key (repeatable; env
                     PORTICO_VPCE_LISTENERS, comma-separated)
  --stage <name>     stage that serve/import deploy to         (default ${DEFAULTS.stage}, an HTTP API's $default;
                                                               env PORTICO_STAGE)
  --protocol <p>     rest or http: the kind of API serve/import make of a file (default: the document
                     says: x-amazon-apigateway-importexport-version, x-amazon-apigateway-cors,
                     payloadFormatVersion or /$default make an HTTP API, anything else a REST API)
  --endpoint-url <u> the Portico import/export/ls call        (default http://localhost:<admin-port or port>,
                     env PORTICO_ENDPOINT);
                     signed with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else PORTICO_ADMIN_*,
                     else the pair in <data-dir>/admin-credentials.json
  --cache <c>        stage response cache: memory (this process, PORTICO_CACHE_MAX_BYTES cap, default
                     256 MB), or a redis:// URL shared by several gateway processes
                                                               (default memory, env PORTICO_CACHE)
  --counters <c>     throttle/quota counters: memory, or a redis:// URL shared by several
                     gateway processes                         (default memory, env PORTICO_COUNTERS or PORTICO_REDIS_URL)
  --dev              management API accepts any well-formed SigV4 signature (env PORTICO_DEV)
  --variable k=v     a stage variable for serve (repeatable), e.g. --variable upstream=localhost:3000
  -h, --help         show this help
  -v, --version      show the version

Invoke URLs take two forms, as on AWS and LocalStack:
  http://localhost:4566/_aws/execute-api/{apiId}/{stage}/{path}
  http://{apiId}.execute-api.localhost:4566/{stage}/{path}
(an HTTP API's $default stage has no {stage} segment)
`

/** Runs the CLI; returns the exit code (serve returns only when the server stops). */
export async function runCli(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv[0] === 'function') return runFunctionCommand(argv.slice(1), out, err)
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'data-dir': { type: 'string' },
        cache: { type: 'string' },
        counters: { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
        'admin-port': { type: 'string' },
        stage: { type: 'string' },
        protocol: { type: 'string' },
        'endpoint-url': { type: 'string' },
        variable: { type: 'string', multiple: true },
        format: { type: 'string' },
        extensions: { type: 'string' },
        yaml: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        dev: { type: 'boolean' },
        resource: { type: 'string' },
        origin: { type: 'string' },
        methods: { type: 'string' },
        headers: { type: 'string' },
        'gateway-responses': { type: 'boolean' },
        type: { type: 'string' },
        out: { type: 'string' },
        parameter: { type: 'string', multiple: true },
        mode: { type: 'string' },
        'fail-on-warnings': { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        chain: { type: 'string' },
        arn: { type: 'string' },
        client: { type: 'string', multiple: true },
        'https-port': { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'https-only': { type: 'boolean' },
        'vpce-listener': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (error) {
    err.write(`portico: ${(error as Error).message}\nRun 'portico --help' for usage.\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.version) {
    out.write(`${VERSION}\n`)
    return 0
  }
  const [command, ...args] = positionals
  if (values.help || command === undefined || command === 'help') {
    out.write(HELP)
    return command === undefined && !values.help ? 2 : 0
  }
  let config: PorticoConfig
  try {
    config = resolveConfig({ dataDir: values['data-dir'], host: values.host, port: values.port, adminPort: values['admin-port'], httpsPort: values['https-port'], tlsCert: values['tls-cert'], tlsKey: values['tls-key'], httpsOnly: values['https-only'], vpceListeners: values['vpce-listener']?.join(','), stage: values.stage, dev: values.dev, cache: values.cache, counters: values.counters })
  } catch (error) {
    if (error instanceof ConfigError) {
      err.write(`portico: ${error.message}\n`)
      return 2
    }
    throw error
  }
  // with its own port, the management endpoint does not tell where the data plane answers
  const gateway = config.adminPort === undefined ? undefined : config
  try {
    switch (command) {
      case 'serve': {
        const variables = parseVariables(values.variable ?? [])
        if (typeof variables === 'string') {
          err.write(`portico: ${variables}\n`)
          return 2
        }
        const protocol = protocolOf(values.protocol)
        if (protocol === null) return badProtocol(values.protocol, err)
        return await serveCommand(config, VERSION, args, variables, out, err, protocol)
      }
      case 'import': {
        const protocol = protocolOf(values.protocol)
        if (protocol === null) return badProtocol(values.protocol, err)
        return await importCommand(await clientFor(config, values['endpoint-url']), args, stagesOf(config), out, err, gateway, protocol)
      }
      case 'export':
        return await exportCommand(await clientFor(config, values['endpoint-url']), args, values, out, err)
      case 'audit':
        if (!localStoreExists(config)) return noDataDirectory(config, err)
        return await withLocalStore(config, (store) => auditCommand(store, { limit: values.limit, json: values.json }, out, err))
      case 'ls': {
        const client = await clientFor(config, values['endpoint-url'])
        // --https-port: the HTTPS URLs too (the management endpoint does not tell it)
        const https = config.httpsPort === undefined ? undefined : { ...(gateway ?? gatewayOf(client.endpoint)), httpsPort: config.httpsPort, httpsOnly: config.httpsOnly === true }
        return await listApis(client, out, https ?? gateway)
      }
      case 'metrics':
        return await metricsCommand(await clientFor(config, values['endpoint-url']), args, { ...(values.stage !== undefined && { stage: values.stage }), ...(values.json !== undefined && { json: values.json }) }, out)
      case 'cert':
        return await certCommand(config, (fn) => withLocalCertificates(config, fn), args, values, out, err)
      case 'domain':
        return await domainCommand(await clientFor(config, values['endpoint-url']), () => withLocalCertificates(config, (c) => c.list()), args, config.httpsPort, out, err)
      case 'cors':
        return await corsCommand(await clientFor(config, values['endpoint-url']), args, values, out, err)
      case 'sdk':
        return await sdkCommand(await clientFor(config, values['endpoint-url']), args, values, out, err)
      case 'docs':
        return await docsCommand(await clientFor(config, values['endpoint-url']), args, values, out, err)
      default:
        err.write(`portico: unknown command '${command}'. Commands: serve, import, export, sdk, docs, ls, audit, metrics, cors, cert, domain. Run 'portico --help'.\n`)
        return 2
    }
  } catch (error) {
    if (error instanceof EndpointError) {
      err.write(`portico: ${error.message}\n`)
      return 2
    }
    err.write(`portico: ${describe(error)}\n`)
    if (error instanceof ManagementError && error.hint !== undefined) err.write(`portico: (${error.hint})\n`)
    return 1
  }
}

/** `--protocol rest|http`: undefined when not given (the document decides), null when neither */
function protocolOf(value: string | undefined): DocumentProtocol | undefined | null {
  if (value === undefined) return undefined
  const upper = value.toUpperCase()
  return upper === 'REST' || upper === 'HTTP' ? upper : null
}

function badProtocol(value: string | undefined, err: NodeJS.WritableStream): number {
  err.write(`portico: --protocol must be rest or http, got ${JSON.stringify(value)}\n`)
  return 2
}

/** `--variable name=value`, AWS's stage variable rules: name `[A-Za-z0-9_]{1,64}`, value ≤ 512 characters. */
function parseVariables(pairs: string[]): Record<string, string> | string {
  const variables: Record<string, string> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    const name = eq < 0 ? pair : pair.slice(0, eq)
    if (eq < 0 || !/^[A-Za-z0-9_]{1,64}$/.test(name)) {
      return `--variable takes name=value with a name of 1-64 letters, digits or '_', got ${JSON.stringify(pair)}`
    }
    const value = pair.slice(eq + 1)
    if (value.length > 512) return `--variable ${name}: a stage variable value is at most 512 characters`
    variables[name] = value
  }
  return variables
}

function describe(error: unknown): string {
  // the server's import problems come one per line, tab-indented
  if (error instanceof ManagementError) return `${error.type}: ${error.message.replace(/\n\t/g, '\n  ')}`
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return `${error.message.replace(/^ENOENT: /, '')} — check the file path`
    if (code === 'EADDRINUSE') return `${error.message} — another process uses this port; pick one with --port`
    return error.message
  }
  return String(error)
}
