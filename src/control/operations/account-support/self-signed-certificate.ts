import { generateKeyPairSync, randomBytes, sign } from 'node:crypto'

/**
 * A real self-signed X.509 v3 certificate (RSA 2048, SHA-256) for GenerateClientCertificate,
 * built with node:crypto and a minimal DER encoder: node can parse certificates but not issue
 * them. Only the PEM leaves this module; AWS never returns the private key either (it keeps it
 * to present the certificate to backends, which Portico's HTTP integrations do not do yet).
 */

export interface GeneratedCertificate {
  pem: string
  /** epoch seconds */
  notBefore: number
  notAfter: number
}

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11'
const COMMON_NAME = '2.5.4.3'

export function selfSignedCertificate(commonName: string, notBefore: number, days: number): GeneratedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const notAfter = notBefore + days * 86_400
  const serial = randomBytes(16)
  serial[0]! &= 0x7f // positive
  const algorithm = sequence(oid(SHA256_WITH_RSA), nul())
  const name = sequence(set(sequence(oid(COMMON_NAME), utf8(commonName))))
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    algorithm,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
  )
  const signature = sign('sha256', tbs, privateKey)
  const der = sequence(tbs, algorithm, bitString(signature))
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return { pem: `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`, notBefore, notAfter }
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length
  let length: Buffer
  if (n < 0x80) length = Buffer.from([n])
  else {
    const bytes: number[] = []
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff)
    length = Buffer.from([0x80 | bytes.length, ...bytes])
  }
  return Buffer.concat([Buffer.from([tag]), length, content])
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts))
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts))
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner)
const nul = () => Buffer.from([0x05, 0x00])
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'))
const bitString = (bytes: Buffer) => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]))

function integer(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++
  const trimmed = bytes.subarray(start)
  return tlv(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number)
  const bytes = [a! * 40 + b!]
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f]
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80)
    bytes.push(...chunk)
  }
  return tlv(0x06, Buffer.from(bytes))
}

/** UTCTime until 2049, GeneralizedTime after, as RFC 5280 asks */
function time(epochSeconds: number): Buffer {
  const iso = new Date(epochSeconds * 1000).toISOString() // 2026-11-21T22:55:29.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z' // 20261121225529Z
  const year = Number(iso.slice(0, 4))
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2))) : tlv(0x18, Buffer.from(digits))
}
