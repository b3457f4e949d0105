import type { PorticoConfig } from '../config.ts'
import type { RestApi, Stage } from '../model/index.ts'
import { gatewayOf, invokeUrls } from './invoke-urls.ts'
import type { ManagementClient } from './management-client.ts'

type Gateway = Pick<PorticoConfig, 'host' | 'port'> & Partial<Pick<PorticoConfig, 'httpsPort' | 'httpsOnly'>>

/**
 * `portico ls` (and serve's start-up listing): GetRestApis then GetStages per API, and
 * apigatewayv2's GetApis then GetStages per HTTP API, every page of each.
 * `gateway`: where the data plane answers, for the invoke URLs (the management endpoint's unless
 * the management API has its own port).
 */
export async function listApis(client: ManagementClient, out: NodeJS.WritableStream, gateway: Gateway = gatewayOf(client.endpoint)): Promise<number> {
  const apis: RestApi[] = []
  let position: string | undefined
  do {
    const page = await client.json<{ item?: RestApi[]; position?: string }>({
      method: 'GET',
      path: '/restapis',
      query: { limit: '500', ...(position !== undefined && { position }) },
    })
    apis.push(...(page.item ?? []))
    position = page.position
  } while (position !== undefined)
  const httpApis = await v2Items<{ apiId: string; name: string }>(client, '/v2/apis')
  if (apis.length === 0 && httpApis.length === 0) {
    out.write(`No REST or HTTP APIs yet. Serve one with 'portico serve api.yaml'.\n`)
    return 0
  }
  for (const api of apis) {
    out.write(`${api.name} (${api.id})\n`)
    const stages = (await client.json<{ item?: Stage[] }>({ method: 'GET', path: `/restapis/${encodeURIComponent(api.id)}/stages` })).item ?? []
    writeStages(out, gateway, api.id, stages.map((s) => ({ stageName: s.stageName, deploymentId: s.deploymentId })))
  }
  for (const api of httpApis) {
    out.write(`${api.name} (${api.apiId}, HTTP API)\n`)
    writeStages(out, gateway, api.apiId, await v2Items<{ stageName: string; deploymentId?: string }>(client, `/v2/apis/${encodeURIComponent(api.apiId)}/stages`))
  }
  return 0
}

function writeStages(out: NodeJS.WritableStream, gateway: Gateway, apiId: string, stages: Array<{ stageName: string; deploymentId?: string | undefined }>): void {
  if (stages.length === 0) out.write(`  (no stages)\n`)
  for (const stage of stages) {
    out.write(`  stage ${stage.stageName} → ${stage.deploymentId === undefined ? 'not deployed' : `deployment ${stage.deploymentId}`}\n`)
    for (const url of invokeUrls(gateway, apiId, stage.stageName)) out.write(`    ${url}\n`)
  }
}

/** every page of an apigatewayv2 list (`{"items", "nextToken"}`) */
async function v2Items<T>(client: ManagementClient, path: string): Promise<T[]> {
  const items: T[] = []
  let nextToken: string | undefined
  do {
    const page = await client.json<{ items?: T[]; nextToken?: string }>({ method: 'GET', path, query: { maxResults: '500', ...(nextToken !== undefined && { nextToken }) } })
    items.push(...(page.items ?? []))
    nextToken = page.nextToken
  } while (nextToken !== undefined)
  return items
}
