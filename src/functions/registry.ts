/**
 * The functions Portico knows, with their versions and aliases, as Lambda resolves them:
 * `name` and `name:$LATEST` → the unpublished code, `name:1` → version 1, `name:live` → the
 * version the alias points at (reported as that version, invoked under the alias's ARN); an
 * alias with weighted routing picks its version on each resolution (alias-routing.ts).
 */
import type { FunctionsConfig, ResolvedFunction } from '../config-file.ts'
import { pickVersion } from './alias-routing.ts'

/** One invocable target: a function at one version, named the way the caller named it. */
export interface FunctionTarget {
  readonly fn: ResolvedFunction
  /** `$LATEST` or a version number: `context.functionVersion`, `AWS_LAMBDA_FUNCTION_VERSION` */
  readonly version: string
  /** as the caller gave it (alias or version); undefined for the bare name */
  readonly qualifier: string | undefined
  /** `/abs/dir/module.export` */
  readonly handler: string
  readonly environment: Readonly<Record<string, string>>
}

export interface FunctionRegistry {
  names(): string[]
  get(name: string): ResolvedFunction | undefined
  /** undefined when the function, version or alias is unknown; a weighted alias draws its version on each call */
  resolve(name: string, qualifier?: string): FunctionTarget | undefined
}

/** `random` draws the version of a weighted alias (tests pass a fixed sequence). */
export function createFunctionRegistry(config: FunctionsConfig, random: () => number = Math.random): FunctionRegistry {
  const functions = config.functions
  return {
    names: () => Object.keys(functions).sort(),
    get: (name) => (Object.hasOwn(functions, name) ? functions[name] : undefined),
    resolve(name, qualifier) {
      if (!Object.hasOwn(functions, name)) return undefined
      const fn = functions[name]!
      const version = qualifier === undefined || qualifier === '$LATEST' ? '$LATEST' : Object.hasOwn(fn.aliases, qualifier) ? pickVersion(fn.aliases[qualifier]!, random) : qualifier
      const code = version === '$LATEST' ? fn.latest : Object.hasOwn(fn.versions, version) ? fn.versions[version] : undefined
      if (code === undefined) return undefined
      return { fn, version, qualifier, handler: code.handler, environment: code.environment }
    },
  }
}

export interface FunctionReference {
  name: string
  qualifier: string | undefined
  /** present when the reference was a full ARN */
  region?: string
  accountId?: string
}

const FUNCTION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/
const PARTIAL = /^(?:(\d{12}):)?(?:function:)?([a-zA-Z0-9-_]+)(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/

/**
 * Lambda's `FunctionName` forms: `my-fn`, `my-fn:live`, `function:my-fn[:q]`,
 * `123456789012:function:my-fn[:q]`, `arn:aws:lambda:us-east-1:123456789012:function:my-fn[:q]`.
 */
export function parseFunctionReference(ref: string): FunctionReference | undefined {
  const arn = FUNCTION_ARN.exec(ref)
  if (arn) return { region: arn[1]!, accountId: arn[2]!, name: arn[3]!, qualifier: arn[4] }
  const partial = PARTIAL.exec(ref)
  if (!partial) return undefined
  return { name: partial[2]!, qualifier: partial[3], ...(partial[1] ? { accountId: partial[1] } : {}) }
}
