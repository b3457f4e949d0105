import { basename } from 'node:path'
import { CUSTOM_ID_TAG } from '../model/index.ts'
import type { ManagementClient } from './management-client.ts'
import { inFile, orAbsent } from './file-answers.ts'
import type { ServedFile, ServeSource } from './serve-file.ts'

/** apigatewayv2's wire shapes, the members read here */
interface WireApi {
  name: string
  warnings?: string[]
}
interface WireStage {
  deploymentId?: string
  stageVariables?: Record<string, string>
}
interface WireDeployment {
  deploymentId: string
  description?: string
}

/**
 * `portico serve <file>` for an HTTP API document, through apigatewayv2 as the AWS CLI would:
 * CreateApi with the file's pinned id (`_custom_id_` tag), ReimportApi with the document
 * (ImportApi cannot pin an id), then a deployment described by the content's hash on the stage
 * (`$default` unless `--stage` names one; made with CreateStage the first time). The stage does
 * not auto-deploy: like a REST API's, it serves the file until the file changes. An invalid
 * document leaves nothing behind.
 */
export async function serveHttpApiFile(client: ManagementClient, source: ServeSource, stageName: string, variables: Record<string, string>): Promise<ServedFile> {
  const { path, text, apiId, marker } = source
  const api = `/v2/apis/${apiId}`
  const stagePath = `${api}/stages/${encodeURIComponent(stageName)}`
  const served = { file: path, apiId, stageName, protocol: 'HTTP' as const }

  const existing = await orAbsent(client.json<WireApi>({ method: 'GET', path: api }))
  const stage = existing && (await orAbsent(client.json<WireStage>({ method: 'GET', path: stagePath })))
  const current =
    stage?.deploymentId !== undefined ? await orAbsent(client.json<WireDeployment>({ method: 'GET', path: `${api}/deployments/${encodeURIComponent(stage.deploymentId)}` })) : undefined
  const changedVariables = Object.entries(variables).some(([name, value]) => stage?.stageVariables?.[name] !== value)
  // UpdateStage replaces the stage's variables: the ones given are merged into what it has
  const stageVariables = { ...stage?.stageVariables, ...variables }
  if (existing && stage && current?.description === marker) {
    if (changedVariables) await client.json({ method: 'PATCH', path: stagePath, body: { stageVariables } })
    return { ...served, name: existing.name, deployed: false, warnings: [] }
  }

  if (!existing) await client.json({ method: 'POST', path: '/v2/apis', body: { name: basename(path), protocolType: 'HTTP', tags: { [CUSTOM_ID_TAG]: apiId } } })
  let imported: WireApi
  try {
    imported = await client.json<WireApi>({ method: 'PUT', path: api, body: { body: text } })
  } catch (error) {
    if (!existing) await client.json({ method: 'DELETE', path: api }).catch(() => undefined)
    throw inFile(path, error, text)
  }
  if (stage) {
    await client.json({ method: 'POST', path: `${api}/deployments`, body: { stageName, description: marker } })
    if (changedVariables) await client.json({ method: 'PATCH', path: stagePath, body: { stageVariables } })
  } else {
    const deployment = await client.json<WireDeployment>({ method: 'POST', path: `${api}/deployments`, body: { description: marker } })
    await client.json({ method: 'POST', path: `${api}/stages`, body: { stageName, deploymentId: deployment.deploymentId, stageVariables } })
  }
  return { ...served, name: imported.name, deployed: true, warnings: imported.warnings ?? [] }
}
