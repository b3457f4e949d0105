import { commentText, identifier, refName, type SdkApi, type SdkOperation, type SdkParameter } from '../api-surface.ts'
import type { SdkTarget } from '../sdk-target.ts'

/**
 * What the `objectivec` and `swift` generators share: AWS's `classPrefix` (prepended to the
 * client and every model class, `SIMPLE_CALCSimpleCalcClient`), the naming of the client from
 * the API's name, a property's schema reduced to a kind each language maps to a type, and the
 * `///` doc comments both languages read (Xcode Quick Help shows them).
 */

export class SdkParameterError extends Error {
  override name = 'SdkParameterError'
}

export interface IosNaming {
  prefix: string
  /** `{prefix}{ApiName}Client` */
  client: string
  /** a model's class: `{prefix}{Model}` */
  model(name: string): string
}

/** the prefix must itself start a class name: letters, digits and `_`, not a digit first */
export function iosNaming(api: SdkApi, target: SdkTarget, reserved: ReadonlySet<string>): IosNaming {
  const prefix = (target.parameters.classPrefix ?? '').trim()
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(prefix)) {
    throw new SdkParameterError(`Invalid classPrefix: ${prefix}. It must start with a letter or _ and contain only letters, digits and _`)
  }
  const service = identifier(api.name, true, reserved).replace(/^_/, '') || 'Api'
  return { prefix, client: `${prefix}${service}Client`, model: (name) => `${prefix}${identifier(name, true, reserved).replace(/^_/, '')}` }
}

/** what a JSON schema property becomes, before a language names the type */
export type SchemaKind =
  | { kind: 'string' | 'integer' | 'number' | 'boolean' | 'any' }
  | { kind: 'model'; name: string }
  | { kind: 'array'; items: SchemaKind }

export function schemaKind(schema: unknown, models: ReadonlySet<string>): SchemaKind {
  if (schema === null || typeof schema !== 'object') return { kind: 'any' }
  const s = schema as Record<string, unknown>
  if (typeof s.$ref === 'string') {
    const ref = refName(s.$ref)
    return models.has(ref) ? { kind: 'model', name: ref } : { kind: 'any' }
  }
  switch (s.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: s.type }
    case 'array':
      return { kind: 'array', items: schemaKind(s.items, models) }
    default:
      return { kind: 'any' }
  }
}

/** a model's properties with their schemas (none when the schema has no `properties`) */
export function modelProperties(schema: Record<string, unknown>): [string, Record<string, unknown>][] {
  const props = schema.properties
  return props !== null && typeof props === 'object' ? Object.entries(props as Record<string, Record<string, unknown>>) : []
}

/** `///` lines at `indent`, or nothing when there is no text */
export function docLines(text: string | undefined, indent: string): string {
  if (!text) return ''
  return `${commentText(text)
    .split('\n')
    .map((l) => `${indent}/// ${l}`.trimEnd())
    .join('\n')}\n`
}

/** an operation's documentation: summary, description, the route and what it needs, its parameters */
export function operationDoc(op: SdkOperation, paramName: (p: SdkParameter) => string): string {
  return [
    op.summary,
    op.description,
    `${op.verb} ${op.path}${op.iam ? ' (AWS_IAM: signed with the client credentials)' : ''}${op.apiKeyRequired ? ' (needs an API key)' : ''}`,
    ...op.parameters.map((p) => `- Parameter ${paramName(p)}: ${p.in} parameter \`${p.name}\`${p.required ? ' (required)' : ''}${p.description ? `. ${p.description}` : ''}`),
  ]
    .filter((l): l is string => l !== undefined)
    .join('\n')
}

/** whether the operation sends a body (AWS's clients pass one for every verb that may carry it) */
export function sendsBody(op: SdkOperation): boolean {
  return !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(op.verb) || op.bodyModel !== undefined
}

/** a string literal both languages read (Objective-C adds `@`): only the escapes they share, other control characters dropped */
export function cString(text: string): string {
  const escaped = text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
  return `"${escaped.replace(/[\u0000-\u001f\u007f]/g, '')}"`
}
