import type { PorticoConfig } from '../config.ts'
import type { RestApi, Stage } from '../model/index.ts'
import { gatewayOf, invokeUrls } from './invoke-urls.ts'
import type { ManagementClient } from './management-client.ts'

/**
 * `portico ls` (and serve's start-up listing): GetRestApis, every page, then GetStages per API.
 * `gateway`: where the data plane answers, for the invoke URLs (the management endpoint's unless
 * the management API has its own port).
 */
export async function listApis(client: ManagementClient, out: NodeJS.WritableStream, gateway: Pick<PorticoConfig, 'host' | 'port'> & Partial<Pick<PorticoConfig, 'httpsPort' | 'httpsOnly'>> = gatewayOf(client.endpoint)): Promise<number> {
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
  if (apis.length === 0) {
    out.write(`No REST APIs yet. Serve one with 'portico serve api.yaml'.\n`)
    return 0
  }
  for (const api of apis) {
    out.write(`${api.name} (${api.id})\n`)
    const stages = (await client.json<{ item?: Stage[] }>({ method: 'GET', path: `/restapis/${encodeURIComponent(api.id)}/stages` })).item ?? []
    if (stages.length === 0) out.write(`  (no stages)\n`)
    for (const stage of stages) {
      out.write(`  stage ${stage.stageName} → deployment ${stage.deploymentId}\n`)
      for (const url of invokeUrls(gateway, api.id, stage.stageName)) out.write(`    ${url}\n`)
    }
  }
  return 0
}
