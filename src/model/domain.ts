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
  domainNameId?: string
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
}

/** the hosted zone id every CloudFront distribution has */
export const CLOUDFRONT_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2'
