import { nestsDeeperThan } from '../lib/json-depth.ts'
import { yaml } from '../lib/lazy-modules.ts'
import { MODEL_SCHEMA_MAX_DEPTH } from '../model/model-schema-rules.ts'
import type { Problem } from './problems.ts'

export type ParseResult = { ok: true; document: unknown } | { ok: false; errors: Problem[] }

/** How deeply a document may nest: room for a model schema at the limit, inside the document's own structure. */
export const DOCUMENT_MAX_DEPTH = 2 * MODEL_SCHEMA_MAX_DEPTH

/**
 * Reads an OpenAPI text. JSON when the first non-blank character opens an object or array,
 * YAML otherwise (anchors, aliases and `<<` merge keys allowed). Syntax errors carry line/column.
 * A document nested deeper than DOCUMENT_MAX_DEPTH is refused here, before anything walks it.
 */
export function parseText(text: string): ParseResult {
  const first = /\S/.exec(text)?.[0]
  if (first === undefined) return fail('The document is empty', 1, 1)
  const json = first === '{' || first === '['
  const parsed = json ? parseJson(text) : parseYaml(text)
  if (parsed.ok && nestsDeeperThan(parsed.document, DOCUMENT_MAX_DEPTH)) {
    return fail(`The document nests more than ${DOCUMENT_MAX_DEPTH} levels deep${json ? '' : ' (or contains itself through an alias)'}`)
  }
  return parsed
}

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, document: JSON.parse(text) as unknown }
  } catch (e) {
    const message = (e as Error).message
    const at = /at position (\d+)/.exec(message)
    const pos = lineColumn(text, at ? Number(at[1]) : jsonErrorOffset(text))
    const reason = message.replace(/ (in JSON )?at position \d+.*$/s, '').replace(/, (\.\.\.)?".*" is not valid JSON$/s, '')
    return fail(`Invalid JSON: ${reason}`, pos.line, pos.column)
  }
}

function parseYaml(text: string): ParseResult {
  const doc = yaml().parseDocument(text, { merge: true, prettyErrors: true })
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        if (tooDeep(e.message)) return problem(TOO_DEEP_YAML)
        const pos = e.linePos?.[0]
        return problem(`Invalid YAML: ${e.message}`, pos?.line, pos?.col)
      }),
    }
  }
  try {
    return { ok: true, document: doc.toJS({ maxAliasCount: 1000 }) as unknown }
  } catch (e) {
    const message = (e as Error).message
    return fail(tooDeep(message) ? TOO_DEEP_YAML : `Invalid YAML: ${message}`)
  }
}

// the YAML library recurses per level and reports running out of stack in the stack's own words
const TOO_DEEP_YAML = `Invalid YAML: the document nests more than ${DOCUMENT_MAX_DEPTH} levels deep`
const tooDeep = (message: string): boolean => /call stack/i.test(message)

/**
 * JSON.parse does not always say where it failed ("Unexpected token '}'"). Every prefix of the
 * text before the bad character is a valid-so-far JSON prefix and every longer one is not, so a
 * binary search over prefixes finds the offending offset.
 */
function jsonErrorOffset(text: string): number {
  let lo = 0
  let hi = text.length
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (validSoFar(text.slice(0, mid))) lo = mid
    else hi = mid
  }
  return hi - 1
}

function validSoFar(prefix: string): boolean {
  try {
    JSON.parse(prefix)
    return true
  } catch (e) {
    const message = (e as Error).message
    if (/end of JSON input|Unterminated string/.test(message)) return true
    const at = /at position (\d+)/.exec(message)
    return at !== null && Number(at[1]) >= prefix.length
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

function problem(message: string, line?: number, column?: number): Problem {
  if (line === undefined || column === undefined) return { pointer: '', message }
  return { pointer: '', message: `${message.replace(/ at line \d+, column \d+.*$/s, '')} (line ${line}, column ${column})`, line, column }
}

function fail(message: string, line?: number, column?: number): ParseResult {
  return { ok: false, errors: [problem(message, line, column)] }
}
