import { isObject, type JsonObject } from './json.ts'
import type { SpecVersion } from './context.ts'

/**
 * ImportRestApi / PutRestApi `basepath` (Developer Guide, "Set the OpenAPI basePath property"):
 * - `ignore` (AWS's default): the document's base path plays no part in the resources;
 * - `prepend`: it is put in front of every path (`/v1` + `/pets` → `/v1/pets`);
 * - `split`: its first segment is dropped and the rest put in front (`/api/v1` → `/v1/pets`;
 *   a one-segment base path adds nothing).
 * The base path is Swagger 2.0's `basePath`, or the path of OpenAPI 3's first `servers` URL
 * with its variables' defaults substituted (`https://x/{basePath}` with default `/v1` → `/v1`).
 */
export type BasePathMode = 'ignore' | 'prepend' | 'split'
export const BASE_PATH_MODES: readonly BasePathMode[] = ['ignore', 'prepend', 'split']

/** The document with its paths moved under the base path the mode keeps; the same document for `ignore`. */
export function applyBasePath(doc: JsonObject, version: SpecVersion, mode: BasePathMode): JsonObject {
  if (mode === 'ignore' || !isObject(doc.paths)) return doc
  const prefix = basePathPrefix(doc, version, mode)
  if (prefix === '') return doc
  const paths: JsonObject = {}
  for (const [path, item] of Object.entries(doc.paths)) paths[path === '/' ? prefix : prefix + path] = item
  return { ...doc, paths }
}

/** What the mode puts in front of every path (`/v1`, `''` for none); also HTTP APIs' ImportApi's. */
export function basePathPrefix(doc: JsonObject, version: SpecVersion, mode: BasePathMode): string {
  if (mode === 'ignore') return ''
  const segments = basePathOf(doc, version).split('/').filter((s) => s !== '')
  return (mode === 'split' ? segments.slice(1) : segments).map((s) => `/${s}`).join('')
}

function basePathOf(doc: JsonObject, version: SpecVersion): string {
  if (version === 'swagger2') return typeof doc.basePath === 'string' ? doc.basePath : ''
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : undefined
  if (server === undefined || typeof server.url !== 'string') return ''
  const variables = isObject(server.variables) ? server.variables : {}
  const url = server.url.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const variable = variables[name]
    return isObject(variable) && typeof variable.default === 'string' ? variable.default : ''
  })
  const afterScheme = url.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/, '')
  return afterScheme.split(/[?#]/)[0]!
}
