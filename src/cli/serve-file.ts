import { createHash } from 'node:crypto'
import { readFile, realpath } from 'node:fs/promises'
import { basename } from 'node:path'
import { CUSTOM_ID_TAG, type Deployment, type RestApi, type Stage } from '../model/index.ts'
import type { PorticoConfig } from '../config.ts'
import type { ManagementClient } from './management-client.ts'
import { documentProtocol, type DocumentProtocol } from '../openapi/index.ts'
import { inFile, orAbsent } from './file-answers.ts'
import { serveHttpApiFile } from './serve-http-file.ts'

export interface ServedFile {
  file: string
  apiId: string
  name: string
  stageName: string
  protocol: DocumentProtocol
  /** false when the stage already served this exact file content */
  deployed: boolean
  warnings: string[]
}

/** The stage each kind of API is deployed to: `--stage` for both, else `dev` for REST APIs and `$default` for HTTP APIs. */
export interface ServeStages {
  rest: string
  http: string
}

export function stagesOf(config: Pick<PorticoConfig, 'stage' | 'httpApiStage'>): ServeStages {
  return { rest: config.stage, http: config.httpApiStage }
}

/** A file read for `portico serve`: its real path, text, pinned API id and the deployment marker of its content. */
export interface ServeSource {
  path: string
  text: string
  apiId: string
  /** the description of the deployment made from this exact content */
  marker: string
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
 * and audited like any other call. The document says which kind of API it is (documentProtocol,
 * unless `protocol` is given): a REST API through apigateway (here), an HTTP API through
 * apigatewayv2 (serve-http-file.ts). The API id is derived from the file's real path and pinned
 * with the `_custom_id_` tag on create, and the stage is re-deployed only when the file's content
 * changed (its hash is the deployment's description). An invalid file leaves nothing behind.
 */
export async function serveFile(
  client: ManagementClient,
  file: string,
  stages: ServeStages,
  variables: Record<string, string> = {},
  protocol?: DocumentProtocol,
): Promise<ServedFile> {
  const path = await realpath(file)
  const text = await readFile(path, 'utf8')
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const source: ServeSource = { path, text, apiId: apiIdForFile(path), marker: `portico serve ${hash}` }
  if ((protocol ?? documentProtocol(text)) === 'HTTP') return serveHttpApiFile(client, source, stages.http, variables)
  return serveRestApiFile(client, source, stages.rest, variables)
}

/** A REST API: created (pinned id), filled by PutRestApi `mode=overwrite` (ImportRestApi cannot pin an id), deployed. */
async function serveRestApiFile(client: ManagementClient, source: ServeSource, stageName: string, variables: Record<string, string>): Promise<ServedFile> {
  const { path, text, apiId, marker } = source
  const api = `/restapis/${apiId}`
  const served = { file: path, apiId, stageName, protocol: 'REST' as const }

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
    return { ...served, name: existing.name, deployed: false, warnings: [] }
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
  return { ...served, name: imported.name, deployed: true, warnings: imported.warnings ?? [] }
}
