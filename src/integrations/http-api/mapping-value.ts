import { isObject } from '../../lib/is-object.ts'
import { compileJsonPath, JsonPathError } from '../../vtl/aws/json-path.ts'
import { readContextVariable } from '../../vtl/aws/context.ts'
import { IntegrationConfigError } from '../errors.ts'

/**
 * One value of an HTTP API's parameter mapping (Developer Guide http-api-parameter-mapping.md):
 * static text, one runtime expression (`$request.header.x`), or text holding several in braces
 * (`${request.path.name} ${request.path.id}`). Request side: `$request.header.n` (case-insensitive),
 * `$request.querystring.n` (case-sensitive), `$request.body` (the body's text, any type),
 * `$request.body.<JSONPath>` (a JSON body only: another body finds nothing), `$request.path`,
 * `$request.path.n`; response side: `$response.header.n`, `$response.body`,
 * `$response.body.<JSONPath>`; both:
 * `$context.x`, `$stageVariables.x`. Several values of a header or query parameter are joined
 * with `,`. An expression that finds nothing makes the whole value absent (undefined).
 */
export type MappingValue = (sources: MappingSources) => string | undefined

/** What expressions read, per request (and per response, on the response side). */
export interface MappingSources {
  header(name: string): string[]
  querystring?(name: string): string[]
  /** the body's text (the first 100 KB are read, as AWS does) */
  body(): string
  /** `$request.path`: the request path; undefined on the response side */
  path?(): string
  pathParameter?(name: string): string | undefined
  context(): Record<string, unknown>
  stageVariables: Readonly<Record<string, string>>
}

const EXPRESSION = /^\$(request|response|context|stageVariables)\.(.+)$/s
const BRACED = /\$\{([^}]+)\}/g
const BODY_LIMIT = 100 * 1024

export function compileMappingValue(text: string, side: 'request' | 'response', where: string): MappingValue {
  if (text.includes('${')) {
    const parts: Array<string | MappingValue> = []
    let last = 0
    for (const m of text.matchAll(BRACED)) {
      if (m.index > last) parts.push(text.slice(last, m.index))
      parts.push(compileExpression(`$${m[1]!}`, side, where))
      last = m.index + m[0].length
    }
    if (last < text.length) parts.push(text.slice(last))
    return (sources) => {
      let out = ''
      for (const part of parts) {
        if (typeof part === 'string') out += part
        else {
          const value = part(sources)
          if (value === undefined) return undefined
          out += value
        }
      }
      return out
    }
  }
  if (text.startsWith('$')) return compileExpression(text, side, where)
  return () => text
}

function compileExpression(text: string, side: 'request' | 'response', where: string): MappingValue {
  const m = EXPRESSION.exec(text)
  if (m === null) throw invalid(where, text)
  const [, root, rest] = m as unknown as [string, string, string]
  if (root === 'context') return (s) => scalar(readContextVariable(s.context(), rest))
  if (root === 'stageVariables') return (s) => s.stageVariables[rest]
  if (root !== side) throw invalid(where, text)
  const dot = rest.indexOf('.')
  const location = dot < 0 ? rest : rest.slice(0, dot)
  const name = dot < 0 ? '' : rest.slice(dot + 1)
  switch (location) {
    case 'header':
      if (name === '') throw invalid(where, text)
      return (s) => joined(s.header(name))
    case 'querystring':
      if (name === '' || side !== 'request') throw invalid(where, text)
      return (s) => joined(s.querystring!(name))
    case 'path':
      if (side !== 'request') throw invalid(where, text)
      return name === '' ? (s) => s.path!() : (s) => s.pathParameter!(name)
    case 'body': {
      // the whole body is its text as sent, whatever its type (`"MessageBody": "$request.body"`,
      // AWS's SQS example, forwards any body); only a JSONPath needs JSON
      if (name === '') return (s) => nonEmpty(s.body())
      let path
      try {
        path = compileJsonPath(`$.${name}`)
      } catch (error) {
        if (error instanceof JsonPathError) throw invalid(where, text)
        throw error
      }
      return (s) => {
        const body = s.body()
        if (body === '') return undefined
        let parsed: unknown
        try {
          parsed = JSON.parse(body.length > BODY_LIMIT ? body.slice(0, BODY_LIMIT) : body)
        } catch {
          return undefined
        }
        return scalar(path.evaluate(parsed))
      }
    }
    default:
      throw invalid(where, text)
  }
}

function nonEmpty(text: string): string | undefined {
  return text === '' ? undefined : text
}

function joined(values: readonly string[]): string | undefined {
  return values.length === 0 ? undefined : values.join(',')
}

function scalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined
  if (isObject(value) || Array.isArray(value)) return JSON.stringify(value)
  return String(value)
}

function invalid(where: string, text: string): IntegrationConfigError {
  return new IntegrationConfigError(`Invalid mapping expression specified: ${text} (${where})`)
}
