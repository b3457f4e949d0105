import type { ContentHandling } from '../model/index.ts'
import { mediaTypeOf } from './template-selection.ts'

/**
 * Binary payloads in non-proxy integrations (Developer Guide api-gateway-payload-encodings.md and
 * api-gateway-payload-encodings-workflow.md): a payload is binary when its media type matches
 * the API's `binaryMediaTypes` (`*\/*` and `type/*` wildcards allowed); `contentHandling`
 * converts between binary and base64 text on the way in (integration request, by the request's
 * Content-Type) and out (integration response, by the endpoint's Content-Type and the client's
 * Accept). Unset contentHandling on the way out follows the Accept header, as LocalStack's
 * reading of the workflow table does (unsure).
 */

export type BinaryMediaTypeTest = (headerValue: string | undefined) => boolean

export function binaryMediaTypeTest(binaryMediaTypes: readonly string[] | undefined): BinaryMediaTypeTest {
  const types = (binaryMediaTypes ?? []).map((t) => t.trim().toLowerCase()).filter((t) => t !== '')
  if (types.length === 0) return () => false
  if (types.includes('*/*')) return (value) => value !== undefined
  const exact = new Set(types.filter((t) => !t.endsWith('/*')))
  const prefixes = types.filter((t) => t.endsWith('/*')).map((t) => t.slice(0, -1))
  return (value) => {
    if (value === undefined) return false
    const comma = value.indexOf(',')
    const type = mediaTypeOf(comma < 0 ? value : value.slice(0, comma))
    return exact.has(type) || prefixes.some((p) => type.startsWith(p))
  }
}

/**
 * The integration request payload after contentHandling; undefined when text that should be
 * base64 is not ("If the conversion fails, it returns a 500 response indicating an API
 * configuration error", same page).
 */
export function convertRequestBody(body: Buffer, binary: boolean, handling: ContentHandling | undefined): Buffer | undefined {
  if (binary) return handling === 'CONVERT_TO_TEXT' ? Buffer.from(body.toString('base64')) : body
  return handling === 'CONVERT_TO_BINARY' ? decodeBase64(body) : body
}

/** The method response payload after contentHandling (before any response template). */
export function convertResponseBody(
  body: Buffer,
  binaryPayload: boolean,
  binaryAccept: boolean,
  handling: ContentHandling | undefined,
): Buffer | undefined {
  const toText = handling === 'CONVERT_TO_TEXT' || (handling === undefined && !binaryAccept)
  if (binaryPayload) return toText ? Buffer.from(body.toString('base64')) : body
  return toText ? body : decodeBase64(body)
}

const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/

function decodeBase64(text: Buffer): Buffer | undefined {
  const s = text.toString('latin1')
  return BASE64.test(s) ? Buffer.from(s, 'base64') : undefined
}
