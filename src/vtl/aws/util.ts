/**
 * `$util`: the helper functions of API Gateway mapping templates, as a Java bean for the engine.
 *
 * Verified (api-gateway-mapping-template-reference, "$util Variables"): UTF-8 unless stated;
 * `escapeJavaScript` turns `'` into `\'` (the doc's workaround is `.replaceAll("\\'","'")`);
 * `parseJson` turns stringified JSON into an object; `urlEncode`/`urlDecode` convert to and from
 * `application/x-www-form-urlencoded`; `base64Encode`/`base64Decode` encode/decode base64.
 * Recorded against AWS (LocalStack `test_input_body_formatting` snapshot, 2025-03-19):
 * `$util.urlEncode('{"some": "value"}')` is `%7B%22some%22%3A+%22value%22%7D` and
 * `$util.urlEncode(null)` renders blank, so every function here passes null through.
 */

import { VtlRuntimeError } from '../index.ts'
import { javaToString as javaString } from '../java-to-string.ts'
import { currentBudget } from '../render-budget.ts'
import { JsonDepthError, MAX_JSON_DEPTH, nestsDeeperThan } from './json-body.ts'

/** A `$util` function refused its argument; the engine passes it through as a render failure. */
export class TemplateFunctionError extends VtlRuntimeError {
  override name = 'TemplateFunctionError'
}

export class TemplateUtil {
  /**
   * Apache Commons Lang 2.x `StringEscapeUtils.escapeJavaScript`: `\b \t \n \f \r` by name, other
   * control characters and everything above 0x7F as `\uXXXX` (upper-case hex, one escape per
   * UTF-16 unit), and `'`, `"`, `\`, `/` behind a backslash.
   */
  escapeJavaScript(value: unknown): string | null {
    if (value === null || value === undefined) return null
    const text = javaString(value)
    let out = ''
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code > 0x7f) out += '\\u' + hex4(code)
      else if (code < 0x20) out += CONTROL_ESCAPES[code] ?? '\\u' + hex4(code)
      else {
        const ch = text[i]!
        out += ch === "'" || ch === '"' || ch === '\\' || ch === '/' ? '\\' + ch : ch
      }
    }
    return out
  }

  /** JSON text → Map/List/String/Number/Boolean; throws on anything that is not JSON, or nested too deep. */
  parseJson(value: unknown): unknown {
    if (value === null || value === undefined) return null
    const text = javaString(value)
    currentBudget()?.spendChars(text.length)
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) throw new JsonDepthError()
    try {
      return JSON.parse(text) as unknown
    } catch (err) {
      throw new TemplateFunctionError(`Unable to parse JSON: ${(err as Error).message}`)
    }
  }

  /** `java.net.URLEncoder.encode(s, "UTF-8")`: keeps `A-Za-z0-9.-*_`, space → `+`, else %XX. */
  urlEncode(value: unknown): string | null {
    if (value === null || value === undefined) return null
    let out = ''
    for (const byte of Buffer.from(javaString(value), 'utf8')) {
      const ch = String.fromCharCode(byte)
      if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch
      else if (byte === 0x20) out += '+'
      else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0')
    }
    return out
  }

  /** `java.net.URLDecoder.decode(s, "UTF-8")`: `+` → space, %XX → bytes; a bad escape throws. */
  urlDecode(value: unknown): string | null {
    if (value === null || value === undefined) return null
    const text = javaString(value)
    const bytes: number[] = []
    let out = ''
    const flush = (): void => {
      if (bytes.length > 0) out += Buffer.from(bytes).toString('utf8')
      bytes.length = 0
    }
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!
      if (ch === '%') {
        const pair = text.slice(i + 1, i + 3)
        if (!/^[0-9A-Fa-f]{2}$/.test(pair)) {
          throw new TemplateFunctionError('URLDecoder: Illegal hex characters in escape (%) pattern')
        }
        bytes.push(parseInt(pair, 16))
        i += 2
        continue
      }
      flush()
      out += ch === '+' ? ' ' : ch
    }
    flush()
    return out
  }

  /** base64 of the UTF-8 bytes, with padding. */
  base64Encode(value: unknown): string | null {
    if (value === null || value === undefined) return null
    return Buffer.from(javaString(value), 'utf8').toString('base64')
  }

  /** base64 → UTF-8 text (lenient about padding and stray characters, like Node's decoder). */
  base64Decode(value: unknown): string | null {
    if (value === null || value === undefined) return null
    return Buffer.from(javaString(value), 'base64').toString('utf8')
  }
}

/** The one `$util` every template shares; it holds no state. */
export const templateUtil = new TemplateUtil()

const CONTROL_ESCAPES: Record<number, string> = {
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0')
}
