import { serveFile as serveThroughManagementApi, type ServedFile } from '../../src/cli/serve-file.ts'
import { createManagementClient } from '../../src/cli/management-client.ts'
import type { Portico } from '../../src/main.ts'

/**
 * What `portico serve <file>` does, against a Portico started in the test: imports the file and
 * deploys it to `stageName` through the management API, signed with the admin key pair (an HTTP
 * API document too: its stage is `stageName` as `--stage` gives it).
 */
export function serveFile(portico: Portico, file: string, stageName: string, variables: Record<string, string> = {}): Promise<ServedFile> {
  const client = createManagementClient({
    endpoint: portico.adminUrl,
    region: portico.config.region,
    credentials: { accessKeyId: portico.admin.accessKeyId, secretAccessKey: portico.admin.secretAccessKey, source: 'the admin key pair' },
  })
  return serveThroughManagementApi(client, file, { rest: stageName, http: stageName }, variables)
}
