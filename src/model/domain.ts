/**
 * Custom domain names (one object for both management APIs, as on AWS), their base path
 * mappings, and the certificates they name by ARN (Portico's stand-in for ACM).
 */
import type { EndpointType } from './rest-api.ts'

/** An imported certificate: what `portico cert import` and the config file's `certificates` register. */
export interface Certificate {
  /** `arn:aws:acm:{region}:{account}:certificate/{uuid}` */
  certificateArn: string
  /** the subject's common name */
  domainName: string
  /** DNS names and IP addresses it is valid for */
  subjectAlternativeNames: string[]
  /** the certificate, then the chain's certificates, PEM */
  certificatePem: string
  chainPem?: string
  issuer: string
  serial: string
  /** epoch seconds */
  notBefore: number
  notAfter: number
  importedAt: number
}

export type SecurityPolicy = 'TLS_1_0' | 'TLS_1_2'

export interface MutualTlsAuthentication {
  truststoreUri: string
  truststoreVersion?: string
  truststoreWarnings?: string[]
}

/** A v1 DomainName as AWS returns it (wire names). */
export interface DomainName {
  domainName: string
  /** a PRIVATE domain's id (several private domains may share a name); public domains have none */
  domainNameId?: string
  /** public: `arn:aws:apigateway:{region}::/domainnames/{name}`; private: `arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{id}` */
  domainNameArn: string
  certificateName?: string
  certificateArn?: string
  /** epoch seconds */
  certificateUploadDate?: number
  distributionDomainName?: string
  distributionHostedZoneId?: string
  regionalDomainName?: string
  regionalHostedZoneId?: string
  regionalCertificateName?: string
  regionalCertificateArn?: string
  endpointConfiguration: { types: EndpointType[]; ipAddressType?: string }
  domainNameStatus: 'AVAILABLE'
  securityPolicy: SecurityPolicy
  mutualTlsAuthentication?: MutualTlsAuthentication
  tags?: Record<string, string>
  /** a PRIVATE domain's resource policy for `execute-api:Invoke` (JSON text, `execute-api:/*` resolved to the domain's ARN) */
  policy?: string
  /** a PRIVATE domain's: always BASE_PATH_MAPPING_ONLY in Portico (no routing rules) */
  routingMode?: 'BASE_PATH_MAPPING_ONLY'
}

/** A VPC endpoint's permission to call a PRIVATE domain (CreateDomainNameAccessAssociation), wire names. */
export interface DomainNameAccessAssociation {
  /** `arn:aws:apigateway:{region}:{account}:/domainnameaccessassociations/domainname/{name}+{id}/vpcesource/{vpceId}` */
  domainNameAccessAssociationArn: string
  domainNameArn: string
  accessAssociationSourceType: 'VPCE'
  /** the VPC endpoint's id */
  accessAssociationSource: string
  tags?: Record<string, string>
}

/** The store's key of a domain: its name, and `{name}+{id}` for a PRIVATE one (the form its ARN ends with). */
export function domainKey(domain: Pick<DomainName, 'domainName' | 'domainNameId'>): string {
  return domain.domainNameId === undefined ? domain.domainName : `${domain.domainName}+${domain.domainNameId}`
}

/** A PRIVATE domain's `arn:aws:execute-api:{region}:{account}:/domainnames/{name}+{id}`: what its policy and an API's `execute-api:viaDomainArn` name. */
export function domainInvokeArn(domain: Pick<DomainName, 'domainNameArn'>): string {
  return domain.domainNameArn.replace(/^arn:([a-z-]+):apigateway:/, 'arn:$1:execute-api:')
}

export function isPrivateDomain(domain: Pick<DomainName, 'domainNameId'>): boolean {
  return domain.domainNameId !== undefined
}

/** A v1 BasePathMapping: `basePath` `''` is AWS's `(none)`; `stage` absent: the next path segment names it. */
export interface BasePathMapping {
  basePath: string
  restApiId: string
  stage?: string
  /** apigatewayv2's id of the same mapping (an ApiMapping); v1 never shows it */
  apiMappingId?: string
}

/** What the store keeps of a domain: the domain, its mappings, and the truststore read when mTLS was configured. */
export interface DomainRecord {
  domain: DomainName
  /** in creation order */
  mappings: BasePathMapping[]
  /** the PEM bundle `truststoreUri` held when the domain was created or last updated (AWS copies it too) */
  truststorePem?: string
  /** a PRIVATE domain's access associations: the VPC endpoints that may call it, in creation order */
  accessAssociations?: DomainNameAccessAssociation[]
}

/** the hosted zone id every CloudFront distribution has */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2'
