/**
 * `portico function add|rm|ls|invoke`: edit the config file's functions and run one locally.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import {
  ConfigFileError,
  CONFIG_FILE_NAMES,
  findConfigFile,
  FUNCTION_DEFAULTS,
  MAX_TIMEOUT_SECONDS,
  readConfigFile,
  resolveConfigFile,
  writeConfigFile,
  type FunctionConfig,
} from '../config-file.ts'
import { DEFAULTS } from '../config.ts'
import { createFunctionInvoker, InvokeError } from '../functions/index.ts'
import { describeAlias, resolveAlias, type AliasConfig } from '../functions/alias-routing.ts'

export const FUNCTION_HELP = `Usage:
  portico function add <name> --handler ./src/app.handler [--timeout s] [--memory mb]
                       [--concurrency n] [--env K=V ...]     add or replace a function
  portico function rm <name>                                  remove a function
  portico function alias <name> <alias> --version <v> [--weight <v2>=<share>]
                                                              point an alias at a version, sending a
                                                              share (0-1) of its invocations to v2
  portico function ls                                         list the functions
  portico function invoke <name> [--qualifier q] [--payload json]
                                                              run a function locally, print its result

A running 'portico serve' follows the config file: added functions and changed aliases apply to
the next invocation, without a restart or a new deployment.

Options:
  --config <file>    the config file (default: ./${CONFIG_FILE_NAMES[0]} or ./${CONFIG_FILE_NAMES[1]};
                     add creates ./${CONFIG_FILE_NAMES[0]})
  --region <r>       region in ARNs and AWS_REGION   (default ${DEFAULTS.region}, env PORTICO_REGION)
  --account-id <id>  account id in ARNs               (default ${DEFAULTS.accountId}, env PORTICO_ACCOUNT_ID)
`

type Out = NodeJS.WritableStream

/** Returns the exit code: 0 done, 1 failed (or the function failed), 2 usage error. */
export async function runFunctionCommand(argv: string[], out: Out = process.stdout, err: Out = process.stderr, cwd = process.cwd()): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: 'string' },
        handler: { type: 'string' },
        timeout: { type: 'string' },
        memory: { type: 'string' },
        concurrency: { type: 'string' },
        env: { type: 'string', multiple: true },
        payload: { type: 'string' },
        qualifier: { type: 'string' },
        version: { type: 'string' },
        weight: { type: 'string', multiple: true },
        region: { type: 'string' },
        'account-id': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    err.write(`portico function: ${(error as Error).message}\n${FUNCTION_HELP}`)
    return 2
  }
  const { values, positionals } = parsed
  const [action, ...args] = positionals
  if (values.help || action === undefined) {
    ;(values.help ? out : err).write(FUNCTION_HELP)
    return values.help ? 0 : 2
  }
  try {
    switch (action) {
      case 'add':
        return await add(args, values, cwd, out, err)
      case 'rm':
        return await remove(args, values.config, cwd, out, err)
      case 'ls':
        return await list(values.config, cwd, out)
      case 'invoke':
        return await invoke(args, values, cwd, out, err)
      case 'alias':
        return await alias(args, values, cwd, out, err)
      default:
        err.write(`portico function: unknown action '${action}'. Actions: add, rm, ls, alias, invoke.\n`)
        return 2
    }
  } catch (error) {
    err.write(`portico function: ${(error as Error).message}\n`)
    return error instanceof ConfigFileError ? 2 : 1
  }
}

interface AddFlags {
  config?: string
  handler?: string
  timeout?: string
  memory?: string
  concurrency?: string
  env?: string[]
}

async function add(args: string[], flags: AddFlags, cwd: string, out: Out, err: Out): Promise<number> {
  const [name] = args
  if (args.length !== 1 || name === undefined || flags.handler === undefined) {
    err.write(`portico function: usage: portico function add <name> --handler ./src/app.handler [--timeout s] [--memory mb] [--env K=V ...]\n`)
    return 2
  }
  const path = findConfigFile(cwd, flags.config) ?? join(cwd, CONFIG_FILE_NAMES[0])
  const contents = await readConfigFile(path)
  const fn: FunctionConfig = { handler: handlerRelativeTo(dirname(path), resolve(cwd, flags.handler)) }
  const environment: Record<string, string> = {}
  for (const pair of flags.env ?? []) {
    const eq = pair.indexOf('=')
    if (eq <= 0) {
      err.write(`portico function: --env takes NAME=value, got ${JSON.stringify(pair)}\n`)
      return 2
    }
    environment[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  if (Object.keys(environment).length > 0) fn.environment = environment
  const number = (text: string | undefined): number | undefined => (text === undefined ? undefined : Number(text))
  const timeout = number(flags.timeout)
  const memory = number(flags.memory)
  const concurrency = number(flags.concurrency)
  if (timeout !== undefined) fn.timeout = timeout
  if (memory !== undefined) fn.memorySize = memory
  if (concurrency !== undefined) fn.reservedConcurrency = concurrency
  const existed = contents.functions?.[name] !== undefined
  const next = { ...contents, functions: { ...(contents.functions ?? {}), [name]: fn } }
  await writeConfigFile(path, next)
  const handlerPath = resolve(cwd, flags.handler)
  const moduleFile = join(dirname(handlerPath), basename(handlerPath).split('.')[0]!)
  if (!['', '.js', '.mjs', '.cjs'].some((ext) => existsSync(moduleFile + ext))) {
    err.write(`portico function: warning: no ${moduleFile}{.js,.mjs,.cjs} yet — invocations fail with Runtime.ImportModuleError until it exists\n`)
  }
  out.write(`${existed ? 'Updated' : 'Added'} function ${name} (handler ${fn.handler}) in ${relative(cwd, path) || path}\n`)
  return 0
}

async function remove(args: string[], config: string | undefined, cwd: string, out: Out, err: Out): Promise<number> {
  const [name] = args
  const path = findConfigFile(cwd, config)
  if (args.length !== 1 || name === undefined) {
    err.write(`portico function: usage: portico function rm <name>\n`)
    return 2
  }
  const contents = path === undefined ? {} : await readConfigFile(path)
  if (path === undefined || contents.functions?.[name] === undefined) {
    err.write(`portico function: no function '${name}'${path ? ` in ${path}` : ''}\n`)
    return 1
  }
  const functions = { ...contents.functions }
  delete functions[name]
  await writeConfigFile(path, { ...contents, functions })
  out.write(`Removed function ${name} from ${relative(cwd, path) || path}\n`)
  return 0
}

async function list(config: string | undefined, cwd: string, out: Out): Promise<number> {
  const path = findConfigFile(cwd, config)
  if (path === undefined || !existsSync(path)) {
    out.write(`No config file. Add a function with 'portico function add <name> --handler ./src/app.handler'.\n`)
    return 0
  }
  const contents = await readConfigFile(path)
  const names = Object.keys(contents.functions ?? {}).sort()
  if (names.length === 0) out.write(`No functions in ${relative(cwd, path) || path}.\n`)
  for (const name of names) {
    const fn = contents.functions![name]!
    const details = [
      `timeout ${fn.timeout ?? FUNCTION_DEFAULTS.timeout}s`,
      `memory ${fn.memorySize ?? FUNCTION_DEFAULTS.memorySize} MB`,
      fn.reservedConcurrency === undefined ? undefined : `reserved concurrency ${fn.reservedConcurrency}`,
      fn.environment ? `env ${Object.keys(fn.environment).join(',')}` : undefined,
    ].filter(Boolean)
    out.write(`${name}\t${fn.handler}\t${details.join(', ')}\n`)
    for (const version of Object.keys(fn.versions ?? {})) out.write(`  version ${version}${fn.versions![version]!.handler ? `\t${fn.versions![version]!.handler}` : ''}\n`)
    for (const [name, value] of Object.entries(fn.aliases ?? {})) out.write(`  alias ${name} → ${describeAlias(resolveAlias(value))}\n`)
  }
  if (contents.lambda) out.write(`Other functions: Lambda Invoke API at ${contents.lambda.endpoint}\n`)
  return 0
}

interface AliasFlags {
  config?: string
  version?: string
  weight?: string[]
}

/** Lambda's CreateAlias/UpdateAlias on the config file: `--version 1 --weight 2=0.1` is `RoutingConfig.AdditionalVersionWeights`. */
async function alias(args: string[], flags: AliasFlags, cwd: string, out: Out, err: Out): Promise<number> {
  const [name, aliasName] = args
  if (args.length !== 2 || name === undefined || aliasName === undefined || flags.version === undefined) {
    err.write(`portico function: usage: portico function alias <name> <alias> --version <v> [--weight <v2>=<share>]\n`)
    return 2
  }
  const path = findConfigFile(cwd, flags.config)
  const contents = path === undefined ? {} : await readConfigFile(path)
  const fn = contents.functions?.[name]
  if (path === undefined || fn === undefined) {
    err.write(`portico function: no function '${name}'${path ? ` in ${path}` : ''}\n`)
    return 1
  }
  const weights: Record<string, number> = {}
  for (const pair of flags.weight ?? []) {
    const eq = pair.indexOf('=')
    const share = Number(pair.slice(eq + 1))
    if (eq <= 0 || pair.slice(eq + 1).trim() === '' || !Number.isFinite(share)) {
      err.write(`portico function: --weight takes VERSION=SHARE (a share from 0 to 1), got ${JSON.stringify(pair)}\n`)
      return 2
    }
    weights[pair.slice(0, eq)] = share
  }
  const value: AliasConfig = Object.keys(weights).length === 0 ? flags.version : { functionVersion: flags.version, routingConfig: { additionalVersionWeights: weights } }
  const existed = fn.aliases?.[aliasName] !== undefined
  const next = { ...contents, functions: { ...contents.functions, [name]: { ...fn, aliases: { ...(fn.aliases ?? {}), [aliasName]: value } } } }
  // validated before it is written: a bad version or weight leaves the file as it was
  await writeConfigFile(path, next)
  out.write(`${existed ? 'Updated' : 'Added'} alias ${name}:${aliasName} → ${describeAlias(resolveAlias(value))} in ${relative(cwd, path) || path}\n`)
  return 0
}

interface InvokeFlags {
  config?: string
  payload?: string
  qualifier?: string
  region?: string
  'account-id'?: string
}

async function invoke(args: string[], flags: InvokeFlags, cwd: string, out: Out, err: Out): Promise<number> {
  const [name] = args
  if (args.length !== 1 || name === undefined) {
    err.write(`portico function: usage: portico function invoke <name> [--qualifier q] [--payload json]\n`)
    return 2
  }
  let payload: unknown = {}
  if (flags.payload !== undefined) {
    try {
      payload = JSON.parse(flags.payload)
    } catch (error) {
      err.write(`portico function: --payload is not JSON: ${(error as Error).message}\n`)
      return 2
    }
  }
  const path = findConfigFile(cwd, flags.config)
  const config = path === undefined ? resolveConfigFile({}, undefined) : resolveConfigFile(await readConfigFile(path), path)
  const invoker = createFunctionInvoker({
    config,
    region: flags.region ?? (process.env.PORTICO_REGION || DEFAULTS.region),
    accountId: flags['account-id'] ?? (process.env.PORTICO_ACCOUNT_ID || DEFAULTS.accountId),
    hotReload: false,
  })
  try {
    const result = await invoker.invoke({
      functionName: name,
      ...(flags.qualifier === undefined ? {} : { qualifier: flags.qualifier }),
      payload,
      requestId: 'cli',
      timeoutMs: MAX_TIMEOUT_SECONDS * 1000,
    })
    for (const line of result.logs) err.write(`${line}\n`)
    out.write(`${JSON.stringify(result.payload, null, 2)}\n`)
    if (result.functionError) err.write(`portico function: ${name} failed (X-Amz-Function-Error: ${result.functionError})\n`)
    return result.functionError ? 1 : 0
  } catch (error) {
    if (error instanceof InvokeError) {
      err.write(`portico function: ${error.type} (${error.statusCode}): ${error.message}\n`)
      return 1
    }
    throw error
  } finally {
    await invoker.close()
  }
}

/** `./src/app.handler`, relative to the config file's directory (absolute when outside it). */
function handlerRelativeTo(dir: string, absolute: string): string {
  const rel = relative(dir, absolute)
  if (rel.startsWith('..') || isAbsolute(rel)) return absolute
  return `.${sep}${rel}`.split(sep).join('/')
}
