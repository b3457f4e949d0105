import { parseArgs } from 'node:util'
import { readFile } from 'node:fs/promises'
import { stringify as toYaml } from 'yaml'
import { ConfigError, DEFAULTS, resolveConfig, type PorticoConfig } from '../config.ts'
import { startPortico } from '../main.ts'
import { ImportError, serveFile } from '../control/serve-files.ts'
import { deployApi } from '../control/deployments.ts'
import { ChangeFeed } from '../control/change-feed.ts'
import { openSqliteStore } from '../control/store/sqlite/sqlite-store.ts'
import type { Store } from '../control/store/store.ts'
import { importOpenApi } from '../openapi/import.ts'
import { exportOpenApi } from '../openapi/export.ts'
import { newId } from '../lib/ids.ts'
import { invokeUrls } from './invoke-urls.ts'
import { auditCommand } from './audit.ts'
import { runFunctionCommand } from './function-command.ts'

const VERSION = '0.1.0'

const HELP = `portico ${VERSION} — Amazon API Gateway, self-hosted

Usage:
  portico serve [openapi-file ...]   import each file, deploy it to --stage and serve every deployed API
  portico import <openapi-file>      import a file as a new REST API (deploys it with --stage)
  portico export <apiId> --stage <s> [--format oas30|swagger] [--yaml] [--extensions integrations,...]
                                     print the OpenAPI document of a deployed stage
  portico ls                         list the REST APIs, their stages and invoke URLs
  portico audit [--limit n] [--json] the latest changes made through the management API
  portico function add|rm|ls|invoke  manage and run the Lambda functions in portico.config.json
                                     ('portico function --help')

Options:
  --data-dir <dir>   where the embedded store lives            (default ${DEFAULTS.dataDir}, env PORTICO_DATA_DIR)
  --host <addr>      address the gateway listens on            (default ${DEFAULTS.host}, env PORTICO_HOST)
  --port <n>         port the gateway listens on               (default ${DEFAULTS.port}, env PORTICO_PORT)
  --stage <name>     stage that serve/import deploy to         (default ${DEFAULTS.stage}, env PORTICO_STAGE)
  --dev              management API accepts any well-formed SigV4 signature (env PORTICO_DEV)
  --variable k=v     a stage variable for serve (repeatable), e.g. --variable upstream=localhost:3000
  -h, --help         show this help
  -v, --version      show the version

Invoke URLs take two forms, as on AWS and LocalStack:
  http://localhost:4566/_aws/execute-api/{apiId}/{stage}/{path}
  http://{apiId}.execute-api.localhost:4566/{stage}/{path}
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
        host: { type: 'string' },
        port: { type: 'string' },
        stage: { type: 'string' },
        variable: { type: 'string', multiple: true },
        format: { type: 'string' },
        extensions: { type: 'string' },
        yaml: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        dev: { type: 'boolean' },
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
    config = resolveConfig({ dataDir: values['data-dir'], host: values.host, port: values.port, stage: values.stage, dev: values.dev })
  } catch (error) {
    if (error instanceof ConfigError) {
      err.write(`portico: ${error.message}\n`)
      return 2
    }
    throw error
  }
  try {
    switch (command) {
      case 'serve': {
        const variables = parseVariables(values.variable ?? [])
        if (typeof variables === 'string') {
          err.write(`portico: ${variables}\n`)
          return 2
        }
        return await serve(config, args, variables, out, err)
      }
      case 'import':
        return await importCommand(config, args, out, err)
      case 'export':
        return await exportCommand(config, args, values, out, err)
      case 'audit':
        return await withStore(config, (store) => auditCommand(store, { limit: values.limit, json: values.json }, out, err))
      case 'ls':
        return await withStore(config, (store) => list(store, config, out))
      default:
        err.write(`portico: unknown command '${command}'. Commands: serve, import, export, ls, audit. Run 'portico --help'.\n`)
        return 2
    }
  } catch (error) {
    err.write(`portico: ${describe(error)}\n`)
    return 1
  }
}

async function serve(config: PorticoConfig, files: string[], variables: Record<string, string>, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const portico = await startPortico(config, {
    onCompileError: (change, error) => err.write(`portico: stage ${change.apiId}/${change.stageName} not updated: ${error.message}\n`),
  })
  try {
    for (const file of files) {
      const served = await serveFile(portico.store, portico.feed, file, config.stage, variables)
      for (const w of served.warnings) err.write(`portico: warning: ${file}: ${w}\n`)
    }
    await portico.settled()
  } catch (error) {
    await portico.close()
    throw error
  }
  out.write(`Portico ${VERSION} listening on ${portico.url} (data: ${config.dataDir})\n`)
  out.write(`Management API: aws apigateway … --endpoint-url ${portico.url}\n`)
  if (portico.admin.source === 'generated') {
    out.write(`Management credentials (shown once; kept in ${portico.admin.file}):\n`)
    out.write(`  AWS_ACCESS_KEY_ID=${portico.admin.accessKeyId}\n  AWS_SECRET_ACCESS_KEY=${portico.admin.secretAccessKey}\n`)
  }
  if (config.dev) err.write('portico: --dev: the management API accepts any well-formed SigV4 signature, whatever its key\n')
  await list(portico.store, { ...config, port: portico.address.port }, out)
  out.write(`Ready. Press Ctrl+C to stop.\n`)
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      portico.close().then(resolve, resolve)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}

async function importCommand(config: PorticoConfig, args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (args.length !== 1) {
    err.write(`portico: import takes exactly one file, e.g. 'portico import api.yaml'\n`)
    return 2
  }
  const file = args[0]!
  const text = await readFile(file, 'utf8')
  const result = importOpenApi(text, { apiId: newId() })
  if (!result.ok) throw new ImportError(file, result.errors)
  for (const w of result.warnings) err.write(`portico: warning: ${file}: ${w}\n`)
  return withStore(config, async (store) => {
    await store.saveApi(result.definition, 0)
    const apiId = result.definition.restApi.id
    await deployApi(store, new ChangeFeed(), apiId, { stageName: config.stage })
    out.write(`Imported ${result.definition.restApi.name} as ${apiId}, deployed to stage ${config.stage}\n`)
    return 0
  })
}

async function exportCommand(
  config: PorticoConfig,
  args: string[],
  values: { format?: string; extensions?: string; yaml?: boolean; stage?: string },
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  const apiId = args[0]
  if (args.length !== 1 || apiId === undefined || values.stage === undefined) {
    err.write(`portico: usage: portico export <apiId> --stage <stage> [--format oas30|swagger] [--yaml]\n`)
    return 2
  }
  const format = values.format ?? 'oas30'
  if (format !== 'oas30' && format !== 'swagger') {
    err.write(`portico: --format must be oas30 or swagger, got '${format}'\n`)
    return 2
  }
  const extensions = (values.extensions ?? 'integrations').split(',').filter(Boolean)
  const known = ['integrations', 'apigateway', 'authorizers', 'postman']
  const unknown = extensions.filter((e) => !known.includes(e))
  if (unknown.length > 0) {
    err.write(`portico: unknown --extensions ${unknown.join(', ')}; use ${known.join(', ')}\n`)
    return 2
  }
  return withStore(config, async (store) => {
    const stage = await store.getStage(apiId, values.stage!)
    if (!stage) {
      err.write(`portico: no stage '${values.stage}' on API '${apiId}' in ${config.dataDir} (see 'portico ls')\n`)
      return 1
    }
    const snapshot = await store.getDeploymentSnapshot(apiId, stage.deploymentId)
    if (!snapshot) throw new Error(`stage ${values.stage} points at missing deployment ${stage.deploymentId}`)
    const doc = exportOpenApi(snapshot, {
      format,
      stageName: stage.stageName,
      stageVariables: stage.variables ?? {},
      extensions: extensions as Array<'integrations' | 'apigateway' | 'authorizers' | 'postman'>,
    })
    out.write(values.yaml ? toYaml(doc) : JSON.stringify(doc, null, 2) + '\n')
    return 0
  })
}

async function list(store: Store, config: PorticoConfig, out: NodeJS.WritableStream): Promise<number> {
  const apis = await store.listRestApis()
  if (apis.length === 0) {
    out.write(`No REST APIs yet. Serve one with 'portico serve api.yaml'.\n`)
    return 0
  }
  for (const api of apis) {
    out.write(`${api.name} (${api.id})\n`)
    const stages = await store.listStages(api.id)
    if (stages.length === 0) out.write(`  (no stages)\n`)
    for (const stage of stages) {
      out.write(`  stage ${stage.stageName} → deployment ${stage.deploymentId}\n`)
      for (const url of invokeUrls(config, api.id, stage.stageName)) out.write(`    ${url}\n`)
    }
  }
  return 0
}

async function withStore<T>(config: PorticoConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openSqliteStore({ dataDir: config.dataDir })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
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
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return `${error.message.replace(/^ENOENT: /, '')} — check the file path`
    if (code === 'EADDRINUSE') return `${error.message} — another process uses this port; pick one with --port`
    return error.message
  }
  return String(error)
}
