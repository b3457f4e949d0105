import { createHash } from 'node:crypto'
import { readFile, realpath } from 'node:fs/promises'
import { basename } from 'node:path'
import { CUSTOM_ID_TAG, type Deployment, type RestApi, type Stage } from '../model/index.ts'
import { ManagementError, type ManagementClient } from './management-client.ts'
import { parseText } from '../openapi/index.ts'

export interface ServedFile {
  file: string
  apiId: string
  name: string
  stageName: string
  /** false when the stage already served this exact file content */
  deployed: boolean
  warnings: string[]
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/**
 * The API id `portico serve` gives a file: derived from its real path, so the invoke URL stays
 * the same across restarts and fresh data directories (CI scripts can hard-code it).
 */
export function apiIdForFile(realPath: string): string {
  const digest = createHash('sha256').update(realPath).digest()
  let id = ''
  for (let i = 0; i < 10; i++) id += ID_ALPHABET[digest[i]! % 36]
  return id
}

/**
 * What `portico serve <file>` does, through the management API so that each change is validated
 * and audited like any other call: the API id is derived from the file's real path (pinned with
 * the `_custom_id_` tag on CreateRestApi, then filled by PutRestApi `mode=overwrite`, since
 * ImportRestApi cannot pin an id), and the stage is re-deployed only when the file's content
 * changed (its hash is the deployment's description). An invalid file leaves nothing behind.
 */
export async function serveFile(client: ManagementClient, file: string, stageName: string, variables: Record<string, string> = {}): Promise<ServedFile> {
  const path = await realpath(file)
  const text = await readFile(path, 'utf8')
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const marker = `portico serve ${hash}`
  const apiId = apiIdForFile(path)
  const api = `/restapis/${apiId}`

  const existing = await orAbsent(client.json<RestApi>({ method: 'GET', path: api }))
  const stage = existing && (await orAbsent(client.json<Stage>({ method: 'GET', path: `${api}/stages/${encodeURIComponent(stageName)}` })))
  const current = stage && (await orAbsent(client.json<Deployment>({ method: 'GET', path: `${api}/deployments/${encodeURIComponent(stage.deploymentId)}` })))
  if (existing && stage && current?.description === marker) {
    const patchOperations = Object.entries(variables)
      .filter(([name, value]) => stage.variables?.[name] !== value)
      .map(([name, value]) => ({ op: 'replace', path: `/variables/${name}`, value }))
    if (patchOperations.length > 0) {
      await client.json({ method: 'PATCH', path: `${api}/stages/${encodeURIComponent(stageName)}`, body: { patchOperations } })
    }
    return { file: path, apiId, name: existing.name, stageName, deployed: false, warnings: [] }
  }

  if (!existing) await client.json({ method: 'POST', path: '/restapis', body: { name: basename(path), tags: { [CUSTOM_ID_TAG]: apiId } } })
  let imported: RestApi
  try {
    imported = await client.json<RestApi>({ method: 'PUT', path: api, query: { mode: 'overwrite' }, body: text })
  } catch (error) {
    if (!existing) await client.json({ method: 'DELETE', path: api }).catch(() => undefined)
    throw inFile(path, error, text)
  }
  await client.json({
    method: 'POST',
    path: `${api}/deployments`,
    body: { stageName, description: marker, ...(Object.keys(variables).length > 0 && { variables }) },
  })
  return { file: path, apiId, name: imported.name, stageName, deployed: true, warnings: imported.warnings ?? [] }
}

/** undefined for a 404 (NotFoundException), the value otherwise */
async function orAbsent<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call
  } catch (error) {
    if (error instanceof ManagementError && error.status === 404) return undefined
    throw error
  }
}

/**
 * The server's answer about a document, with the document's path in front. AWS answers an
 * unreadable document with just "Invalid OpenAPI input.", so the reader's own line and column
 * are added as the hint.
 */
export function inFile(file: string, error: unknown, text?: string): unknown {
  if (!(error instanceof ManagementError) || error.status !== 400) return error
  const parsed = text !== undefined && error.message === INVALID_OPENAPI ? parseText(text) : undefined
  const hint = parsed && !parsed.ok ? parsed.errors.map((p) => p.message).join('; ') : error.hint
  return new ManagementError(error.type, error.status, `${file}: ${error.message}`, hint)
}

const INVALID_OPENAPI = 'Invalid OpenAPI input.'
