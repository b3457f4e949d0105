/**
 * A minimal DER encoder: just what issuing X.509 certificates needs (x509-issue.ts). Node can
 * parse certificates (`X509Certificate`) but cannot issue them, and Portico issues its own
 * (GenerateClientCertificate, `portico cert dev`) without a new dependency.
 */

export function tlv(tag: number, content: Buffer): Buffer {
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

export const sequence = (...parts: Buffer[]): Buffer => tlv(0x30, Buffer.concat(parts))
export const set = (...parts: Buffer[]): Buffer => tlv(0x31, Buffer.concat(parts))
/** `[n] EXPLICIT` */
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner)
export const nul = (): Buffer => Buffer.from([0x05, 0x00])
export const boolean = (value: boolean): Buffer => Buffer.from([0x01, 0x01, value ? 0xff : 0x00])
export const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'))
export const octetString = (bytes: Buffer): Buffer => tlv(0x04, bytes)
/** a BIT STRING of whole bytes */
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), bytes]))

/** an INTEGER from big-endian magnitude bytes (kept positive) */
export function integer(bytes: Buffer): Buffer {
  let start = 0
  while (start < bytes.length - 1 && bytes[start] === 0 && bytes[start + 1]! < 0x80) start++
  const trimmed = bytes.subarray(start)
  return tlv(0x02, trimmed[0]! >= 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed)
}

export function oid(dotted: string): Buffer {
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
export function time(epochSeconds: number): Buffer {
  const iso = new Date(epochSeconds * 1000).toISOString() // 2026-11-21T22:55:29.000Z
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z' // 20261121225529Z
  const year = Number(iso.slice(0, 4))
  return year < 2050 ? tlv(0x17, Buffer.from(digits.slice(2))) : tlv(0x18, Buffer.from(digits))
}

/** DER → PEM with the given label (`CERTIFICATE`) */
export function pem(label: string, der: Buffer): string {
  const body = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`
}
