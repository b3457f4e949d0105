/**
 * `portico.config.json` / `portico.config.yaml`: the functions Portico runs locally, the Lambda
 * endpoint it calls for the others, and where AWS service integrations go (config-services.ts).
 * Validated once here; everything downstream trusts the result.
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, extname, isAbsolute, join, resolve } from 'node:path'
import { yaml } from './lib/lazy-modules.ts'
import { AWS_SERVICE_KEYS, resolveAwsServices, validateAwsServices, type AwsServicesConfig } from './config-services.ts'
import type { AwsServiceOptions } from './integrations/aws-service/options.ts'
import { USER_POOL_KEYS, resolveUserPools, validateUserPools, type UserPools, type UserPoolsFileConfig } from './auth/config.ts'
import { IAM_KEYS, validateIamConfig, type IamFileConfig } from './auth/iam/config.ts'
import { isObject } from './lib/is-object.ts'
import { TLS_KEYS, resolveTlsConfig, validateTlsConfig, type TlsConfig, type TlsFileConfig } from './config-tls.ts'
import { RUNTIME_LIMITS_KEY, validateRuntimeLimits, type RuntimeLimitsConfig } from './functions/runtime-limits.ts'
import { resolveVpcLinks, validateVpcLinks, VPC_LINK_KEYS, type VpcLinksFileConfig } from './config-vpc-links.ts'
import { resolveAlias, validateAlias, type AliasConfig, type ResolvedAlias } from './functions/alias-routing.ts'

export const CONFIG_FILE_NAMES = ['portico.config.json', 'portico.config.yaml', 'portico.config.yml'] as const

/** Lambda's limits: timeout 1–900 s (default 3), memory 128–10240 MB (default 128). */
export const FUNCTION_DEFAULTS = Object.freeze({ timeout: 3, memorySize: 128 })
export const MAX_TIMEOUT_SECONDS = 900
/** Locally a function may ask for less than Lambda's 128 MB floor, to test memory pressure. */
export const MIN_MEMORY_MB = 16
export const MAX_MEMORY_MB = 10240

/** The file as written: handler paths relative to the file. */
export interface FunctionConfig {
  handler: string
  environment?: Record<string, string>
  timeout?: number
  memorySize?: number
  reservedConcurrency?: number
  versions?: Record<string, { handler?: string; environment?: Record<string, string> }>
  /** alias → version, or `{functionVersion, routingConfig: {additionalVersionWeights}}` (functions/alias-routing.ts) */
  aliases?: Record<string, AliasConfig>
}

export interface LambdaEndpointConfig {
  endpoint: string
  region?: string
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
}

export interface ConfigFileContents extends AwsServicesConfig, UserPoolsFileConfig, IamFileConfig, TlsFileConfig, VpcLinksFileConfig {
  functions?: Record<string, FunctionConfig>
  lambda?: LambdaEndpointConfig
  /** bounds of the local runtime (functions/runtime-limits.ts) */
  localRuntime?: RuntimeLimitsConfig
}

/** One version of a function, resolved: `handler` is absolute (`/abs/dir/module.export.path`). */
export interface ResolvedFunctionVersion {
  readonly handler: string
  readonly environment: Readonly<Record<string, string>>
}

export interface ResolvedFunction {
  readonly name: string
  readonly timeout: number
  readonly memorySize: number
  readonly reservedConcurrency: number | undefined
  readonly latest: ResolvedFunctionVersion
  /** published versions by number ("1", "2", …) */
  readonly versions: Readonly<Record<string, ResolvedFunctionVersion>>
  /** alias → the version it points at ("$LATEST" or a number) and its weighted routing */
  readonly aliases: Readonly<Record<string, ResolvedAlias>>
}

/** The config file, validated and resolved against its own directory. */
export interface FunctionsConfig {
  /** the file it came from; undefined when there is none */
  readonly path: string | undefined
  readonly functions: Readonly<Record<string, ResolvedFunction>>
  readonly lambda: Readonly<LambdaEndpointConfig> | undefined
  /** the local runtime's bounds as the file gives them; the runtime fills in the defaults */
  readonly localRuntime?: Readonly<RuntimeLimitsConfig> | undefined
  /** AWS service integrations' endpoints and keys (`services`, `roles`, `credentials`); undefined when the file has none */
  readonly services?: AwsServiceOptions | undefined
  /** OIDC issuers standing in for Cognito user pools (auth/config.ts); undefined when the file names none */
  readonly userPools?: UserPools | undefined
  /** local IAM users, roles, keys and identity policies (auth/iam/config.ts), validated; undefined when the file has none */
  readonly iam?: IamFileConfig['iam']
  /** certificates to register and s3:// truststore locations (config-tls.ts); undefined when the file has neither */
  readonly tls?: TlsConfig | undefined
  /** NLB ARN → the origin of the local backend a VPC link's requests go to (config-vpc-links.ts) */
  readonly vpcLinks?: Readonly<Record<string, string>>
}

export const EMPTY_FUNCTIONS_CONFIG: FunctionsConfig = Object.freeze({ path: undefined, functions: Object.freeze({}), lambda: undefined })

export class ConfigFileError extends Error {
  override name = 'ConfigFileError'
}

/** `--config <file>` wins; otherwise the first of CONFIG_FILE_NAMES in `cwd`; none → undefined. */
export function findConfigFile(cwd: string, explicit?: string): string | undefined {
  if (explicit !== undefined) return resolve(cwd, explicit)
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(cwd, name)
    if (existsSync(candidate)) return candidate
  }
  return undefined
}

/** Reads the file without resolving it (for editing); a missing file reads as `{}`. */
export async function readConfigFile(path: string): Promise<ConfigFileContents> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  let raw: unknown
  try {
    raw = isYaml(path) ? yaml().parse(text) : JSON.parse(text)
  } catch (error) {
    throw new ConfigFileError(`${path}: not valid ${isYaml(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`)
  }
  validateConfigFile(raw ?? {}, path)
  return (raw ?? {}) as ConfigFileContents
}

/** Loads, validates and resolves the config file; no file → no functions (unless `explicit` names one that is missing). */
export async function loadConfigFile(options: { cwd?: string; path?: string } = {}): Promise<FunctionsConfig> {
  const cwd = options.cwd ?? process.cwd()
  const path = findConfigFile(cwd, options.path)
  if (path === undefined) return EMPTY_FUNCTIONS_CONFIG
  if (options.path !== undefined && !existsSync(path)) throw new ConfigFileError(`${path}: no such config file`)
  return resolveConfigFile(await readConfigFile(path), path)
}

/** Writes the file in its own format (JSON or YAML by extension). */
export async function writeConfigFile(path: string, contents: ConfigFileContents): Promise<void> {
  validateConfigFile(contents, path)
  const text = isYaml(path) ? yaml().stringify(contents) : JSON.stringify(contents, null, 2) + '\n'
  await writeFile(path, text, 'utf8')
}

/** Resolves handler paths against the file's directory and fills in Lambda's defaults. */
export function resolveConfigFile(contents: ConfigFileContents, path: string | undefined): FunctionsConfig {
  const base = path === undefined ? process.cwd() : dirname(path)
  const functions: Record<string, ResolvedFunction> = {}
  for (const [name, fn] of Object.entries(contents.functions ?? {})) {
    const latest = Object.freeze({ handler: resolveHandler(base, fn.handler), environment: Object.freeze({ ...(fn.environment ?? {}) }) })
    const versions: Record<string, ResolvedFunctionVersion> = {}
    for (const [version, v] of Object.entries(fn.versions ?? {})) {
      versions[version] = Object.freeze({
        handler: v.handler === undefined ? latest.handler : resolveHandler(base, v.handler),
        environment: Object.freeze({ ...(v.environment ?? latest.environment) }),
      })
    }
    functions[name] = Object.freeze({
      name,
      timeout: fn.timeout ?? FUNCTION_DEFAULTS.timeout,
      memorySize: fn.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      reservedConcurrency: fn.reservedConcurrency,
      latest,
      versions: Object.freeze(versions),
      aliases: Object.freeze(Object.fromEntries(Object.entries(fn.aliases ?? {}).map(([alias, value]) => [alias, resolveAlias(value)]))),
    })
  }
  return Object.freeze({
    path,
    functions: Object.freeze(functions),
    lambda: contents.lambda ? Object.freeze({ ...contents.lambda }) : undefined,
    ...(contents.localRuntime !== undefined && { localRuntime: Object.freeze({ ...contents.localRuntime }) }),
    services: resolveAwsServices(contents),
    ...(contents.userPools !== undefined && { userPools: resolveUserPools(contents) }),
    ...(contents.iam !== undefined && { iam: contents.iam }),
    ...((contents.certificates !== undefined || contents.truststores !== undefined) && { tls: resolveTlsConfig(contents, base) }),
    ...(contents.vpcLinks !== undefined && { vpcLinks: resolveVpcLinks(contents) }),
  })
}

/** `./src/app.handler` → `/abs/dir/src/app.handler` (Lambda's handler string, made absolute). */
export function resolveHandler(base: string, handler: string): string {
  return isAbsolute(handler) ? handler : resolve(base, handler)
}

const FUNCTION_NAME = /^[a-zA-Z0-9-_]{1,64}$/
const ALIAS_NAME = /^(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}$/
const ENV_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/
/** Lambda's handler pattern (`[^\s]+`), plus the module.export shape the Node.js runtime needs. */
const HANDLER = /^[^\s]*[^\s/.][^\s/]*\.[^\s/.][^\s/]*$/

/** Throws ConfigFileError naming the key path of the first problem, e.g. `functions.api.timeout`. */
export function validateConfigFile(raw: unknown, where = 'config'): asserts raw is ConfigFileContents {
  const fail = (key: string, message: string): never => {
    throw new ConfigFileError(`${where}: ${key}: ${message}`)
  }
  const known = ['functions', 'lambda', ...AWS_SERVICE_KEYS, ...IAM_KEYS, ...USER_POOL_KEYS, RUNTIME_LIMITS_KEY, ...TLS_KEYS, ...VPC_LINK_KEYS]
  if (!isObject(raw)) fail('(top level)', `must be an object with any of ${known.map((k) => `"${k}"`).join(', ')}`)
  const top = raw as Record<string, unknown>
  for (const key of Object.keys(top)) if (!known.includes(key)) fail(key, `unknown key (expected one of ${known.join(', ')})`)
  if (top.functions !== undefined) {
    if (!isObject(top.functions)) fail('functions', 'must be an object keyed by function name')
    for (const [name, fn] of Object.entries(top.functions as Record<string, unknown>)) {
      const at = `functions.${name}`
      if (!FUNCTION_NAME.test(name)) fail(at, 'a function name is 1-64 letters, digits, "-" or "_"')
      validateFunction(fn, at, fail)
    }
  }
  if (top.lambda !== undefined) {
    if (!isObject(top.lambda)) fail('lambda', 'must be an object with "endpoint"')
    const lambda = top.lambda as Record<string, unknown>
    for (const key of Object.keys(lambda)) {
      if (!['endpoint', 'region', 'accessKeyId', 'secretAccessKey', 'sessionToken'].includes(key)) fail(`lambda.${key}`, 'unknown key')
      if (typeof lambda[key] !== 'string') fail(`lambda.${key}`, 'must be a string')
    }
    if (typeof lambda.endpoint !== 'string') fail('lambda.endpoint', 'is required, e.g. "https://lambda.us-east-1.amazonaws.com"')
    if (!/^https?:\/\/[^/]/.test(lambda.endpoint as string)) fail('lambda.endpoint', `must be an http(s) URL, got ${JSON.stringify(lambda.endpoint)}`)
    if ((lambda.accessKeyId === undefined) !== (lambda.secretAccessKey === undefined)) {
      fail(lambda.accessKeyId === undefined ? 'lambda.accessKeyId' : 'lambda.secretAccessKey', 'accessKeyId and secretAccessKey go together')
    }
  }
  validateRuntimeLimits(top[RUNTIME_LIMITS_KEY], fail)
  validateAwsServices(top, fail)
  validateUserPools(top, fail)
  validateIamConfig(top, fail)
  validateTlsConfig(top, fail)
  validateVpcLinks(top, fail)
}

function validateFunction(fn: unknown, at: string, fail: (key: string, message: string) => never): void {
  if (!isObject(fn)) fail(at, 'must be an object with at least "handler"')
  const f = fn as Record<string, unknown>
  const known = ['handler', 'environment', 'timeout', 'memorySize', 'reservedConcurrency', 'versions', 'aliases']
  for (const key of Object.keys(f)) if (!known.includes(key)) fail(`${at}.${key}`, `unknown key (expected one of ${known.join(', ')})`)
  validateHandler(f.handler, `${at}.handler`, true, fail)
  validateEnvironment(f.environment, `${at}.environment`, fail)
  if (f.timeout !== undefined && !(Number.isInteger(f.timeout) && (f.timeout as number) >= 1 && (f.timeout as number) <= MAX_TIMEOUT_SECONDS)) {
    fail(`${at}.timeout`, `must be a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, got ${JSON.stringify(f.timeout)}`)
  }
  if (f.memorySize !== undefined && !(Number.isInteger(f.memorySize) && (f.memorySize as number) >= MIN_MEMORY_MB && (f.memorySize as number) <= MAX_MEMORY_MB)) {
    fail(`${at}.memorySize`, `must be a whole number of MB from ${MIN_MEMORY_MB} to ${MAX_MEMORY_MB}, got ${JSON.stringify(f.memorySize)}`)
  }
  if (f.reservedConcurrency !== undefined && !(Number.isInteger(f.reservedConcurrency) && (f.reservedConcurrency as number) >= 0)) {
    fail(`${at}.reservedConcurrency`, `must be a whole number ≥ 0, got ${JSON.stringify(f.reservedConcurrency)}`)
  }
  if (f.versions !== undefined) {
    if (!isObject(f.versions)) fail(`${at}.versions`, 'must be an object keyed by version number')
    for (const [version, v] of Object.entries(f.versions as Record<string, unknown>)) {
      const vat = `${at}.versions.${version}`
      if (!/^[1-9][0-9]*$/.test(version)) fail(vat, 'a version is a positive whole number ("1", "2", …)')
      if (!isObject(v)) fail(vat, 'must be an object with optional "handler" and "environment"')
      for (const key of Object.keys(v as object)) if (key !== 'handler' && key !== 'environment') fail(`${vat}.${key}`, 'unknown key (expected handler, environment)')
      validateHandler((v as Record<string, unknown>).handler, `${vat}.handler`, false, fail)
      validateEnvironment((v as Record<string, unknown>).environment, `${vat}.environment`, fail)
    }
  }
  if (f.aliases !== undefined) {
    if (!isObject(f.aliases)) fail(`${at}.aliases`, 'must be an object: alias → version')
    const versions = new Set(Object.keys((f.versions ?? {}) as Record<string, unknown>))
    for (const [alias, value] of Object.entries(f.aliases as Record<string, unknown>)) {
      const aat = `${at}.aliases.${alias}`
      if (!ALIAS_NAME.test(alias) || alias === '$LATEST') fail(aat, 'an alias name is 1-128 letters, digits, "-" or "_", not all digits')
      validateAlias(value, aat, versions, `${at}.versions`, fail)
    }
  }
}

function validateHandler(handler: unknown, at: string, required: boolean, fail: (key: string, message: string) => never): void {
  if (handler === undefined && !required) return
  if (typeof handler !== 'string') fail(at, 'is required: the module path and export, e.g. "./src/app.handler"')
  if ((handler as string).length > 128 + 4096 || !HANDLER.test(handler as string)) {
    fail(at, `must be <path/module>.<export>, e.g. "./src/app.handler", got ${JSON.stringify(handler)}`)
  }
}

function validateEnvironment(env: unknown, at: string, fail: (key: string, message: string) => never): void {
  if (env === undefined) return
  if (!isObject(env)) fail(at, 'must be an object of string values')
  let bytes = 0
  for (const [key, value] of Object.entries(env as Record<string, unknown>)) {
    if (!ENV_NAME.test(key)) fail(`${at}.${key}`, 'a variable name starts with a letter and has only letters, digits and "_"')
    if (typeof value !== 'string') fail(`${at}.${key}`, `must be a string, got ${JSON.stringify(value)}`)
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value as string)
  }
  // Lambda: "the total size of all environment variables doesn't exceed 4 KB"
  if (bytes > 4096) fail(at, `the variables total ${bytes} bytes; Lambda allows 4 KB`)
}

function isYaml(path: string): boolean {
  const ext = extname(path).toLowerCase()
  return ext === '.yaml' || ext === '.yml'
}
