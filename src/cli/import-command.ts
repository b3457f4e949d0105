import { readFile } from 'node:fs/promises'
import type { PorticoConfig } from '../config.ts'
import type { RestApi } from '../model/index.ts'
import { documentProtocol, type DocumentProtocol } from '../openapi/index.ts'
import { inFile } from './file-answers.ts'
import { gatewayOf, invokeUrls } from './invoke-urls.ts'
import type { ManagementClient } from './management-client.ts'
import type { ServeStages } from './serve-file.ts'

/** what an import made: the API's id and name, and its warnings */
interface Imported {
  id: string
  name: string
  warnings?: string[]
}

/**
 * `portico import <file>`: a REST API document through ImportRestApi then CreateDeployment to the
 * stage; an HTTP API document (documentProtocol, or `protocol`) through apigatewayv2's ImportApi
 * then CreateStage with autoDeploy (`$default` unless `--stage` names one), as the console makes
 * an HTTP API's stage: later changes deploy themselves.
 * `gateway`: where the data plane answers (the management endpoint's unless it has its own port).
 */
export async function importCommand(
  client: ManagementClient,
  args: string[],
  stages: ServeStages,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  gateway: Pick<PorticoConfig, 'host' | 'port'> = gatewayOf(client.endpoint),
  protocol?: DocumentProtocol,
): Promise<number> {
  if (args.length !== 1) {
    err.write(`portico: import takes exactly one file, e.g. 'portico import api.yaml'\n`)
    return 2
  }
  const file = args[0]!
  const text = await readFile(file, 'utf8')
  const http = (protocol ?? documentProtocol(text)) === 'HTTP'
  const stageName = http ? stages.http : stages.rest
  let api: Imported
  try {
    api = http
      ? await client.json<{ apiId: string; name: string; warnings?: string[] }>({ method: 'PUT', path: '/v2/apis', body: { body: text } }).then((a) => ({ ...a, id: a.apiId }))
      : await client.json<RestApi>({ method: 'POST', path: '/restapis', query: { mode: 'import' }, body: text })
  } catch (error) {
    throw inFile(file, error, text)
  }
  for (const w of api.warnings ?? []) err.write(`portico: warning: ${file}: ${w}\n`)
  const id = encodeURIComponent(api.id)
  try {
    if (http) await client.json({ method: 'POST', path: `/v2/apis/${id}/stages`, body: { stageName, autoDeploy: true } })
    else await client.json({ method: 'POST', path: `/restapis/${id}/deployments`, body: { stageName } })
  } catch (error) {
    err.write(`portico: imported ${api.name} as ${api.id}, but could not deploy it to stage ${stageName}:\n`)
    throw error
  }
  out.write(`Imported ${api.name} as ${http ? 'HTTP API ' : ''}${api.id}, deployed to stage ${stageName}${http ? ' (auto-deploy)' : ''}\n`)
  for (const url of invokeUrls(gateway, api.id, stageName)) out.write(`  ${url}\n`)
  return 0
}
