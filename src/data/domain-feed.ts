import { domainInvokeArn, type DomainRecord } from '../model/domain.ts'
import { compileResourcePolicyText } from '../auth/resource-policy.ts'
import type { Store } from '../control/store/store.ts'
import type { DomainMapping, PrivateDomain } from './resolve.ts'
import type { TlsDomain } from './tls-contexts.ts'

/** What the data plane serves of the custom domains: the resolution table's mappings and the listener's certificates. */
export interface ServedDomains {
  mappings: DomainMapping[]
  tls: TlsDomain[]
  /** PRIVATE domains' certificates, for the `https://` VPC endpoint listeners of the endpoints associated with them */
  privateTls: PrivateTlsDomain[]
}

export interface PrivateTlsDomain extends TlsDomain {
  /** the VPC endpoints with an access association */
  vpces: readonly string[]
}

/**
 * Reads every custom domain with its mappings and certificate from the store, for the plan
 * registry (resolution) and the HTTPS listeners (SNI). Rebuilt whole after a domain or
 * certificate change; a domain whose certificate is gone keeps routing (over the default
 * certificate) and is reported.
 */
export async function loadServedDomains(
  store: Pick<Store, 'listDomainNames' | 'getCertificate' | 'getCertificateKey'>,
  onProblem: (domainName: string, message: string) => void = () => {},
): Promise<ServedDomains> {
  const mappings: DomainMapping[] = []
  const tls: TlsDomain[] = []
  const privateTls: PrivateTlsDomain[] = []
  for (const record of await store.listDomainNames()) {
    const domainName = record.domain.domainName.toLowerCase()
    if (record.domain.domainNameId !== undefined) {
      mappings.push(...privateMappings(record, onProblem))
      const served = await certificateOf(store, record)
      const vpces = (record.accessAssociations ?? []).map((a) => a.accessAssociationSource)
      if (served === undefined) onProblem(domainName, 'its certificate is not in the registry; VPC endpoint listeners present the default certificate')
      else if (vpces.length > 0) privateTls.push({ domainName, ...served, minVersion: 'TLSv1.2', vpces })
      continue
    }
    const mutualTls = record.truststorePem !== undefined
    // while a domain migrates (EDGE and REGIONAL at once) requests may come either way: REGIONAL's, as sent
    const edge = record.domain.endpointConfiguration.types.length === 1 && record.domain.endpointConfiguration.types[0] === 'EDGE'
    // a domain without mappings is still known: its Host answers 403, never the execute-api form
    if (record.mappings.length === 0) mappings.push({ domainName, basePath: '', apiId: '', stageName: undefined, mutualTls, edge })
    for (const mapping of record.mappings) mappings.push({ domainName, basePath: mapping.basePath, apiId: mapping.restApiId, stageName: mapping.stage, mutualTls, edge })
    const served = await certificateOf(store, record)
    if (served === undefined) onProblem(domainName, 'its certificate is not in the registry; the default certificate is presented')
    else tls.push({ domainName, ...served, minVersion: record.domain.securityPolicy === 'TLS_1_0' ? 'TLSv1' : 'TLSv1.2', ...(record.truststorePem !== undefined && { truststore: record.truststorePem }) })
  }
  return { mappings, tls, privateTls }
}

/**
 * A PRIVATE domain's mappings, for the VPC endpoint listeners only; its certificate goes to the
 * `https://` VPC endpoint listeners of its associated endpoints, never to the HTTPS listeners (a
 * private domain may share its name with a public one, whose certificate they present).
 */
function privateMappings(record: DomainRecord, onProblem: (domainName: string, message: string) => void): DomainMapping[] {
  const domainName = record.domain.domainName.toLowerCase()
  const arn = domainInvokeArn(record.domain)
  let policy: PrivateDomain['policy']
  try {
    policy = record.domain.policy === undefined ? undefined : compileResourcePolicyText(record.domain.policy, arn)
  } catch (error) {
    onProblem(domainName, `its policy does not compile (${(error as Error).message}); it allows nothing`)
  }
  const facts: PrivateDomain = Object.freeze({ arn, vpces: Object.freeze((record.accessAssociations ?? []).map((a) => a.accessAssociationSource)), policy })
  if (record.mappings.length === 0) return [{ domainName, basePath: '', apiId: '', stageName: undefined, private: facts }]
  return record.mappings.map((mapping) => ({ domainName, basePath: mapping.basePath, apiId: mapping.restApiId, stageName: mapping.stage, private: facts }))
}

async function certificateOf(store: Pick<Store, 'getCertificate' | 'getCertificateKey'>, record: DomainRecord): Promise<{ cert: string; key: string } | undefined> {
  const arn = record.domain.regionalCertificateArn ?? record.domain.certificateArn
  if (arn === undefined) return undefined
  const [certificate, key] = await Promise.all([store.getCertificate(arn), store.getCertificateKey(arn)])
  if (certificate === undefined || key === undefined) return undefined
  return { cert: certificate.certificatePem + (certificate.chainPem !== undefined ? `\n${certificate.chainPem}` : ''), key }
}
