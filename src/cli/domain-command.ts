import type { Certificate } from '../model/domain.ts'
import type { ManagementClient } from './management-client.ts'

interface DomainView {
  domainName: string
  /** a private custom domain's */
  domainNameId?: string
  endpointConfiguration?: { types?: string[] }
  regionalCertificateArn?: string
  certificateArn?: string
  securityPolicy?: string
  mutualTlsAuthentication?: { truststoreUri?: string; truststoreWarnings?: string[] }
}

interface MappingView {
  basePath: string
  restApiId: string
  stage?: string
}

/**
 * `portico domain ls`: each custom domain (GetDomainNames), its base path mappings, its
 * certificate's names and expiry (from the data directory's registry), and its HTTPS URLs on
 * `httpsPort` when the gateway has one (a private domain: its id, and no URL there).
 */
export async function domainCommand(
  client: ManagementClient,
  certificates: () => Promise<Certificate[]>,
  args: string[],
  httpsPort: number | undefined,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (args[0] !== 'ls') {
    err.write('Usage: portico domain ls   the custom domains, their mappings and certificates\n')
    return 2
  }
  const domains = (await client.json<{ item?: DomainView[] }>({ method: 'GET', path: '/domainnames', query: { limit: '500' } })).item ?? []
  if (domains.length === 0) {
    out.write('No custom domain names yet: aws apigateway create-domain-name (see the README).\n')
    return 0
  }
  const byArn = new Map((await certificates()).map((c) => [c.certificateArn, c]))
  for (const domain of domains) {
    const arn = domain.regionalCertificateArn ?? domain.certificateArn
    const certificate = arn === undefined ? undefined : byArn.get(arn)
    const mtls = domain.mutualTlsAuthentication?.truststoreUri
    const id = domain.domainNameId
    out.write(`${domain.domainName}${id === undefined ? '' : ` (id ${id})`}  ${(domain.endpointConfiguration?.types ?? []).join(',')} ${domain.securityPolicy ?? ''}${mtls ? `  mTLS ${mtls}` : ''}\n`)
    out.write(`  certificate ${arn ?? '(none)'}${certificate ? `  expires ${new Date(certificate.notAfter * 1000).toISOString()}` : '  (not in this data directory\'s registry)'}\n`)
    for (const warning of domain.mutualTlsAuthentication?.truststoreWarnings ?? []) out.write(`  truststore warning: ${warning}\n`)
    const path = `/domainnames/${encodeURIComponent(domain.domainName)}/basepathmappings`
    const mappings = (await client.json<{ item?: MappingView[] }>({ method: 'GET', path, query: { limit: '500', ...(id !== undefined && { domainNameId: id }) } })).item ?? []
    if (mappings.length === 0) out.write('  (no mappings)\n')
    for (const m of mappings) {
      const base = m.basePath === '(none)' ? '' : `${m.basePath}/`
      // a private domain answers on VPC endpoint listeners only
      const url = httpsPort === undefined || id !== undefined ? '' : `  https://${domain.domainName}:${httpsPort}/${base}${m.stage === undefined ? '{stage}/' : ''}`
      out.write(`  ${m.basePath} → ${m.restApiId} ${m.stage ?? '(stage from the path)'}${url}\n`)
    }
  }
  return 0
}
