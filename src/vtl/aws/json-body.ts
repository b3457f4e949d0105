/**
 * How API Gateway reads a payload as JSON for `$input.path/json` and `*.body.<JSONPath>` mappings.
 *
 * - An empty payload is the empty object: `$input.body` renders `{}` and `$input.path('$.x')`
 *   renders blank for a POST without a body (AWS-recorded in LocalStack's
 *   `test_input_body_formatting` / `test_input_path_template_formatting` snapshots).
 * - A payload that is not JSON makes every path miss (`$input.path` → null, `$input.json` → `""`).
 *   LocalStack's emulation does this; no AWS recording covers it (unsure).
 * - A payload nested deeper than MAX_JSON_DEPTH fails the template render (500), and counts as
 *   not JSON for `*.body.<JSONPath>` mappings: Portico's bound, AWS's is not documented.
 */

import { VtlLimitError } from '../errors.ts'

export const NOT_JSON: unique symbol = Symbol('not JSON')

/**
 * JSON nested deeper than this is refused before it is parsed: V8 parses deep nesting slowly
 * (a 10 MB body of `[` takes seconds, all of it on the event loop) and every walk over the result
 * (printing, copying, `JSON.stringify`) recurses. Jackson's default cap
 * (StreamReadConstraints.DEFAULT_MAX_DEPTH), and the nesting javaToString prints.
 */
export const MAX_JSON_DEPTH = 1000

/** A payload or `$util.parseJson` argument nested deeper than MAX_JSON_DEPTH. */
export class JsonDepthError extends VtlLimitError {
  constructor() {
    super(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`)
  }
}

/** The payload as API Gateway presents it to `$input.body`. */
export function presentedBody(text: string): string {
  return text === '' ? '{}' : text
}

/** Parses a payload; `NOT_JSON` when it is not JSON; throws JsonDepthError when it nests too deep. */
export function parseJsonBody(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (nestsDeeperThan(trimmed, MAX_JSON_DEPTH)) throw new JsonDepthError()
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return NOT_JSON
  }
}

/**
 * For parameter mapping (`method.request.body.a`): AWS decodes the body only when it looks like
 * JSON (starts with `{`, `[`, `"` or `'`) and treats anything else as `{}`; a body that looks
 * like JSON but is not fails the request (`Invalid JSON in request body`, 400, on the request
 * side; 500 on the response side). This is LocalStack's reading of AWS
 * (`parameters_mapping.py::_json_load`), not an AWS recording (unsure).
 */
export function parseMappedBody(text: string): unknown {
  const trimmed = text.trim()
  if (!/^[{["']/.test(trimmed)) return {}
  if (nestsDeeperThan(trimmed, MAX_JSON_DEPTH)) return NOT_JSON
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return NOT_JSON
  }
}

/** Whether `[`/`{` nest deeper than `limit` outside strings; a scan without parsing. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false // each level needs a character
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === BACKSLASH) i++
        else if (d === QUOTE) break
      }
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > limit) return true
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) depth--
  }
  return false
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
