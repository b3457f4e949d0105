import { entries, isObject } from './json.ts'
import { parseText } from './parse.ts'

export type DocumentProtocol = 'REST' | 'HTTP'

/**
 * Which kind of API an OpenAPI document describes, for `portico serve` and `portico import`
 * (AWS itself never guesses: ImportRestApi and apigatewayv2's ImportApi are separate calls).
 * A document is an HTTP API's when it carries what only HTTP API documents carry
 * ([DG:http-api-open-api], and what apigatewayv2's ExportApi writes):
 * - `x-amazon-apigateway-importexport-version` at the root (every HTTP API export has it),
 * - `x-amazon-apigateway-cors` at the root (REST APIs have no CORS extension),
 * - an OpenAPI 3 operation whose `x-amazon-apigateway-integration` has `payloadFormatVersion`,
 *   or integrations under `components.x-amazon-apigateway-integrations`,
 * - the `/$default` path (the `$default` route).
 * Anything else (Swagger 2.0, a plain OpenAPI 3 document) is a REST API's, as before.
 * Unreadable text is REST's too: ImportRestApi then names the problem.
 */
export function documentProtocol(text: string): DocumentProtocol {
  const parsed = parseText(text)
  if (!parsed.ok || !isObject(parsed.document)) return 'REST'
  const doc = parsed.document
  if (typeof doc.openapi !== 'string' || !doc.openapi.startsWith('3.')) return 'REST'
  if ('x-amazon-apigateway-importexport-version' in doc || 'x-amazon-apigateway-cors' in doc) return 'HTTP'
  if (isObject(doc.components) && 'x-amazon-apigateway-integrations' in doc.components) return 'HTTP'
  for (const [path, item] of entries(doc.paths)) {
    if (path === '/$default') return 'HTTP'
    for (const [, operation] of entries(item)) {
      const integration = isObject(operation) ? operation['x-amazon-apigateway-integration'] : undefined
      if (isObject(integration) && 'payloadFormatVersion' in integration) return 'HTTP'
    }
  }
  return 'REST'
}
