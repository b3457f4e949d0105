import { readFile } from 'node:fs/promises'
import type { PorticoConfig } from '../config.ts'
import type { RestApi } from '../model/index.ts'
import { gatewayOf, invokeUrls } from './invoke-urls.ts'
import type { ManagementClient } from './management-client.ts'
import { inFile } from './serve-file.ts'

/**
 * `portico import <file>`: ImportRestApi with the file's text, then CreateDeployment to the stage.
 * `gateway`: where the data plane answers (the management endpoint's unless it has its own port).
 */
export async function importCommand(
  client: ManagementClient,
  args: string[],
  stageName: string,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  gateway: Pick<PorticoConfig, 'host' | 'port'> = gatewayOf(client.endpoint),
): Promise<number> {
  if (args.length !== 1) {
    err.write(`portico: import takes exactly one file, e.g. 'portico import api.yaml'\n`)
    return 2
  }
  const file = args[0]!
  const text = await readFile(file, 'utf8')
  let api: RestApi
  try {
    api = await client.json<RestApi>({ method: 'POST', path: '/restapis', query: { mode: 'import' }, body: text })
  } catch (error) {
    throw inFile(file, error, text)
  }
  for (const w of api.warnings ?? []) err.write(`portico: warning: ${file}: ${w}\n`)
  try {
    await client.json({ method: 'POST', path: `/restapis/${encodeURIComponent(api.id)}/deployments`, body: { stageName } })
  } catch (error) {
    err.write(`portico: imported ${api.name} as ${api.id}, but could not deploy it to stage ${stageName}:\n`)
    throw error
  }
  out.write(`Imported ${api.name} as ${api.id}, deployed to stage ${stageName}\n`)
  for (const url of invokeUrls(gateway, api.id, stageName)) out.write(`  ${url}\n`)
  return 0
}
