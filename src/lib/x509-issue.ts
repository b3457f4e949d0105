import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto'
import { isIP } from 'node:net'
import { bitString, boolean, explicit, integer, nul, octetString, oid, pem, sequence, set, time, tlv, utf8 } from './der.ts'

/**
 * Issues real X.509 v3 certificates with node:crypto and the DER encoder of der.ts: a CA, server
 * certificates with subject alternative names, client certificates, and deliberately expired or
 * not-yet-valid ones for tests. Used by GenerateClientCertificate and `portico cert dev`.
 */

export interface CertificateSubject {
  commonName: string
  organization?: string
}

/** Who signs: the issuer's name (as in its own certificate) and private key. A self-signed certificate has none. */
export interface CertificateIssuer {
  subject: CertificateSubject
  privateKey: KeyObject
  /** the issuer's subject key identifier, for the authority key identifier */
  keyId: Buffer
}

export interface IssueOptions {
  subject: CertificateSubject
  /** epoch seconds */
  notBefore: number
  notAfter: number
  /** DNS names and IP addresses (server certificates) */
  altNames?: readonly string[]
  /** a certificate authority (may sign others) */
  ca?: boolean
  /** `server`, `client` or both (extended key usage); none for a CA */
  usage?: ReadonlyArray<'server' | 'client'>
  /** signed by this issuer; self-signed without */
  issuer?: CertificateIssuer
  /** `ec` (P-256, the default: fast) or `rsa` (2048 bits) */
  keyType?: 'ec' | 'rsa'
}

export interface IssuedCertificate {
  certificatePem: string
  privateKeyPem: string
  privateKey: KeyObject
  /** to issue with this certificate when it is a CA */
  asIssuer: CertificateIssuer
  notBefore: number
  notAfter: number
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2'
const COMMON_NAME = '2.5.4.3'
const ORGANIZATION = '2.5.4.10'
const SUBJECT_KEY_ID = '2.5.29.14'
const KEY_USAGE = '2.5.29.15'
const SUBJECT_ALT_NAME = '2.5.29.17'
const BASIC_CONSTRAINTS = '2.5.29.19'
const AUTHORITY_KEY_ID = '2.5.29.35'
const EXT_KEY_USAGE = '2.5.29.37'
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1'
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'

export function issueCertificate(options: IssueOptions): IssuedCertificate {
  const keyType = options.keyType ?? 'ec'
  const { publicKey, privateKey } = keyType === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const keyId = createHash('sha1').update(spki).digest()
  const signer = options.issuer ?? { subject: options.subject, privateKey, keyId }
  const algorithm = signer.privateKey.asymmetricKeyType === 'rsa' ? sequence(oid(SHA256_WITH_RSA), nul()) : sequence(oid(ECDSA_WITH_SHA256))
  const serial = randomBytes(16)
  serial[0]! &= 0x7f // positive
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    name(signer.subject),
    sequence(time(options.notBefore), time(options.notAfter)),
    name(options.subject),
    spki,
    explicit(3, sequence(...extensions(options, keyId, signer.keyId))),
  )
  const signature = sign('sha256', tbs, signer.privateKey)
  const certificatePem = pem('CERTIFICATE', sequence(tbs, algorithm, bitString(signature)))
  return {
    certificatePem,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    privateKey,
    asIssuer: { subject: options.subject, privateKey, keyId },
    notBefore: options.notBefore,
    notAfter: options.notAfter,
  }
}

function name(subject: CertificateSubject): Buffer {
  const parts = [set(sequence(oid(COMMON_NAME), utf8(subject.commonName)))]
  if (subject.organization !== undefined) parts.unshift(set(sequence(oid(ORGANIZATION), utf8(subject.organization))))
  return sequence(...parts)
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(oid(id), boolean(true), octetString(value)) : sequence(oid(id), octetString(value))
}

function extensions(options: IssueOptions, keyId: Buffer, issuerKeyId: Buffer): Buffer[] {
  const list = [
    extension(BASIC_CONSTRAINTS, true, options.ca ? sequence(boolean(true)) : sequence()),
    // CA: keyCertSign + cRLSign (bits 5, 6); leaf: digitalSignature + keyEncipherment (bits 0, 2)
    extension(KEY_USAGE, true, options.ca ? bitString(Buffer.from([0x06]), 1) : bitString(Buffer.from([0xa0]), 5)),
    extension(SUBJECT_KEY_ID, false, octetString(keyId)),
    extension(AUTHORITY_KEY_ID, false, sequence(tlv(0x80, issuerKeyId))),
  ]
  const usage = options.usage ?? []
  if (usage.length > 0) list.push(extension(EXT_KEY_USAGE, false, sequence(...usage.map((u) => oid(u === 'server' ? SERVER_AUTH : CLIENT_AUTH)))))
  const altNames = options.altNames ?? []
  if (altNames.length > 0) list.push(extension(SUBJECT_ALT_NAME, false, sequence(...altNames.map(generalName))))
  return list
}

/** dNSName [2] or iPAddress [7] */
function generalName(value: string): Buffer {
  const family = isIP(value)
  if (family === 4) return tlv(0x87, Buffer.from(value.split('.').map(Number)))
  if (family === 6) return tlv(0x87, ipv6Bytes(value))
  return tlv(0x82, Buffer.from(value, 'ascii'))
}

function ipv6Bytes(address: string): Buffer {
  const [head, tail] = address.split('::') as [string, string | undefined]
  const groups = (text: string | undefined) => (text ? text.split(':').map((g) => parseInt(g, 16)) : [])
  const start = groups(head)
  const end = groups(tail)
  const all = tail === undefined ? start : [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end]
  const bytes = Buffer.alloc(16)
  all.forEach((g, i) => bytes.writeUInt16BE(g, i * 2))
  return bytes
}
