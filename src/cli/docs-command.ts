import { readFile } from 'node:fs/promises'
import type { ManagementClient } from './management-client.ts'

export interface DocsFlags {
  mode?: string
  'fail-on-warnings'?: boolean
}

const USAGE = 'portico: usage: portico docs export <apiId> | portico docs import <apiId> <file> [--mode merge|overwrite] [--fail-on-warnings]\n'

interface Part {
  id: string
  location: Record<string, string>
  properties: string
}

/**
 * `portico docs export <apiId>`: the API's documentation parts as an
 * `x-amazon-apigateway-documentation` document (properties as objects), which `docs import`
 * (ImportDocumentationParts) and ImportRestApi read back.
 */
export async function docsCommand(client: ManagementClient, args: string[], flags: DocsFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const [action, apiId, file] = args
  if (action === 'export' && apiId !== undefined && args.length === 2) {
    const base = `/restapis/${encodeURIComponent(apiId)}/documentation/parts`
    const parts: Part[] = []
    let position: string | undefined
    do {
      const page: { item?: Part[]; position?: string } = await client.json({ method: 'GET', path: base, query: { limit: '500', ...(position !== undefined && { position }) } })
      parts.push(...(page.item ?? []))
      position = page.position
    } while (position !== undefined)
    const doc = {
      'x-amazon-apigateway-documentation': {
        version: '1.0',
        documentationParts: parts.map((p) => ({ location: p.location, properties: JSON.parse(p.properties) as unknown })),
      },
    }
    out.write(`${JSON.stringify(doc, null, 2)}\n`)
    return 0
  }
  if (action === 'import' && apiId !== undefined && file !== undefined && args.length === 3) {
    const mode = flags.mode ?? 'merge'
    if (mode !== 'merge' && mode !== 'overwrite') {
      err.write(`portico: --mode must be merge or overwrite, got '${mode}'\n`)
      return 2
    }
    const body = await readFile(file, 'utf8')
    const result: { ids?: string[]; warnings?: string[] } = await client.json({
      method: 'PUT',
      path: `/restapis/${encodeURIComponent(apiId)}/documentation/parts`,
      query: { mode, failonwarnings: String(flags['fail-on-warnings'] ?? false) },
      body,
    })
    out.write(`${result.ids?.length ?? 0} documentation parts imported (${mode})\n`)
    for (const warning of result.warnings ?? []) err.write(`portico: warning: ${warning}\n`)
    return 0
  }
  err.write(USAGE)
  return 2
}
