/**
 * How API Gateway reads a payload as JSON for `$input.path/json` and `*.body.<JSONPath>` mappings.
 *
 * - An empty payload is the empty object: `$input.body` renders `{}` and `$input.path('$.x')`
 *   renders blank for a POST without a body (AWS-recorded in LocalStack's
 *   `test_input_body_formatting` / `test_input_path_template_formatting` snapshots).
 * - A payload that is not JSON makes every path miss (`$input.path` → null, `$input.json` → `""`).
 *   LocalStack's emulation does this; no AWS recording covers it (unsure).
 */

export const NOT_JSON: unique symbol = Symbol('not JSON')

/** The payload as API Gateway presents it to `$input.body`. */
export function presentedBody(text: string): string {
  return text === '' ? '{}' : text
}

/** Parses a payload; `NOT_JSON` when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return {}
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
  try {
    return JSON.parse(trimmed) as unknown
  } catch {
    return NOT_JSON
  }
}
