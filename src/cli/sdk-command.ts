import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { unzip } from '../lib/unzip.ts'
import type { ManagementClient } from './management-client.ts'

export interface SdkFlags {
  stage?: string
  type?: string
  out?: string
  parameter?: string[]
}

const USAGE = 'portico: usage: portico sdk <apiId> --stage <stage> --type javascript|typescript|java|android|objectivec|swift [--out dir] [--parameter name=value ...]\n'

/** `portico sdk <apiId> --stage s --type t`: GetSdk, unzipped into --out (default: the current directory). */
export async function sdkCommand(client: ManagementClient, args: string[], flags: SdkFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const apiId = args[0]
  if (args.length !== 1 || apiId === undefined || flags.stage === undefined || flags.type === undefined) {
    err.write(USAGE)
    return 2
  }
  const query: Record<string, string> = {}
  for (const pair of flags.parameter ?? []) {
    const eq = pair.indexOf('=')
    if (eq < 1) {
      err.write(`portico: --parameter takes name=value, got ${JSON.stringify(pair)}\n`)
      return 2
    }
    query[pair.slice(0, eq)] = pair.slice(eq + 1)
  }
  const zip = await client.bytes({
    method: 'GET',
    path: `/restapis/${encodeURIComponent(apiId)}/stages/${encodeURIComponent(flags.stage)}/sdks/${encodeURIComponent(flags.type)}`,
    query,
    accept: 'application/octet-stream',
  })
  const target = resolve(flags.out ?? '.')
  const entries = unzip(zip)
  for (const entry of entries) {
    const file = join(target, entry.name)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, entry.content)
  }
  out.write(`${entries.length} files of the ${flags.type} SDK written to ${target}\n`)
  return 0
}
