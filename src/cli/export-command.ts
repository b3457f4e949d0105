import type { ManagementClient } from './management-client.ts'

const EXTENSIONS = ['integrations', 'apigateway', 'authorizers', 'postman']

export interface ExportFlags {
  stage?: string
  format?: string
  extensions?: string
  yaml?: boolean
}

/** `portico export <apiId> --stage s`: GetExport of what the stage serves, as JSON or YAML. */
export async function exportCommand(client: ManagementClient, args: string[], flags: ExportFlags, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const apiId = args[0]
  if (args.length !== 1 || apiId === undefined || flags.stage === undefined) {
    err.write(`portico: usage: portico export <apiId> --stage <stage> [--format oas30|swagger] [--yaml] [--extensions integrations,...]\n`)
    return 2
  }
  const format = flags.format ?? 'oas30'
  if (format !== 'oas30' && format !== 'swagger') {
    err.write(`portico: --format must be oas30 or swagger, got '${format}'\n`)
    return 2
  }
  const extensions = (flags.extensions ?? 'integrations').split(',').filter(Boolean)
  const unknown = extensions.filter((e) => !EXTENSIONS.includes(e))
  if (unknown.length > 0) {
    err.write(`portico: unknown --extensions ${unknown.join(', ')}; use ${EXTENSIONS.join(', ')}\n`)
    return 2
  }
  const doc = await client.text({
    method: 'GET',
    path: `/restapis/${encodeURIComponent(apiId)}/stages/${encodeURIComponent(flags.stage)}/exports/${format}`,
    query: { extensions: extensions.join(',') },
    accept: flags.yaml ? 'application/yaml' : 'application/json',
  })
  out.write(doc.endsWith('\n') ? doc : doc + '\n')
  return 0
}
