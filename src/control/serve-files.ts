import { createHash } from 'node:crypto'
import { readFile, realpath } from 'node:fs/promises'
import { importOpenApi } from '../openapi/import.ts'
import type { Store } from './store/store.ts'
import { deployApi } from './deployments.ts'

export interface ServedFile {
  file: string
  apiId: string
  name: string
  stageName: string
  /** false when the stage already served this exact file content */
  deployed: boolean
  warnings: string[]
}

export class ImportError extends Error {
  override name = 'ImportError'
  constructor(
    readonly file: string,
    readonly problems: Array<{ pointer: string; message: string }>,
  ) {
    super(`${file}: invalid API definition\n` + problems.map((p) => `  ${p.pointer || '/'}: ${p.message}`).join('\n'))
  }
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
 * Imports an OpenAPI file and deploys it to a stage, unless that stage already serves the same
 * content (recorded as a hash in the deployment's description). Nothing is written when the
 * file is invalid.
 */
export async function serveFile(
  store: Store,
  file: string,
  stageName: string,
  variables: Record<string, string> = {},
): Promise<ServedFile> {
  const path = await realpath(file)
  const text = await readFile(path, 'utf8')
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  const marker = `portico serve ${hash}`
  const apiId = apiIdForFile(path)

  const stored = await store.getApi(apiId)
  const stage = stored ? await store.getStage(apiId, stageName) : undefined
  if (stored && stage) {
    const current = await store.getDeployment(apiId, stage.deploymentId)
    if (current?.description === marker) {
      const merged = { ...stage.variables, ...variables }
      if (JSON.stringify(merged) !== JSON.stringify(stage.variables ?? {})) {
        await store.putStage(apiId, { ...stage, variables: merged, lastUpdatedDate: Math.floor(Date.now() / 1000) })
      }
      return { file: path, apiId, name: stored.definition.restApi.name, stageName, deployed: false, warnings: [] }
    }
  }

  const result = importOpenApi(text, {
    apiId,
    ...(stored && { existing: stored.definition, mode: 'overwrite' as const }),
  })
  if (!result.ok) throw new ImportError(path, result.errors)
  await store.saveApi(result.definition, stored ? stored.version : 0)
  await deployApi(store, apiId, { stageName, description: marker, variables })
  return { file: path, apiId, name: result.definition.restApi.name, stageName, deployed: true, warnings: result.warnings }
}
