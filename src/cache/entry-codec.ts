import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { HttpAnswer } from '../gateway/types.ts'

/**
 * A cached response as bytes: `P` + head length (uint32) + head JSON (status, headers) + body,
 * or, for a method with `cacheDataEncrypted`, `E` + IV (12) + GCM tag (16) + that plain form
 * encrypted with AES-256-GCM under the process's cache key, the entry's cache key as associated
 * data (an entry copied under another key does not decrypt). Anything that does not decode — a
 * foreign format, another process's key — reads as a miss.
 */
const PLAIN = 0x50 // 'P'
const ENCRYPTED = 0x45 // 'E'
const IV_BYTES = 12
const TAG_BYTES = 16

export interface EntryCodec {
  encode(answer: HttpAnswer, cacheKey: string, encrypt: boolean): Buffer
  decode(bytes: Buffer, cacheKey: string): HttpAnswer | undefined
}

/** `key`: 32 bytes of AES-256 key material (configured, or random per process). */
export function createEntryCodec(key: Buffer): EntryCodec {
  if (key.length !== 32) throw new Error('the response cache key must be 32 bytes (AES-256)')
  return {
    encode(answer, cacheKey, encrypt) {
      const plain = plainEntry(answer)
      if (!encrypt) return plain
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      cipher.setAAD(Buffer.from(cacheKey))
      const sealed = Buffer.concat([cipher.update(plain), cipher.final()])
      return Buffer.concat([Buffer.from([ENCRYPTED]), iv, cipher.getAuthTag(), sealed])
    },
    decode(bytes, cacheKey) {
      if (bytes[0] === PLAIN) return parsePlain(bytes)
      if (bytes[0] !== ENCRYPTED || bytes.length < 1 + IV_BYTES + TAG_BYTES) return undefined
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 1 + IV_BYTES))
        decipher.setAAD(Buffer.from(cacheKey))
        decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES))
        return parsePlain(Buffer.concat([decipher.update(bytes.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]))
      } catch {
        return undefined
      }
    },
  }
}

function plainEntry(answer: HttpAnswer): Buffer {
  const head = Buffer.from(JSON.stringify([answer.statusCode, answer.headers]))
  const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body
  // its own memory, not a slice of Node's shared pool: a long-lived entry must not pin an 8 KB slab
  const out = Buffer.allocUnsafeSlow(5 + head.length + body.length)
  out[0] = PLAIN
  out.writeUInt32BE(head.length, 1)
  head.copy(out, 5)
  body.copy(out, 5 + head.length)
  return out
}

function parsePlain(bytes: Buffer): HttpAnswer | undefined {
  if (bytes[0] !== PLAIN || bytes.length < 5) return undefined
  const headEnd = 5 + bytes.readUInt32BE(1)
  if (headEnd > bytes.length) return undefined
  try {
    const [statusCode, headers] = JSON.parse(bytes.toString('utf8', 5, headEnd)) as [number, HttpAnswer['headers']]
    return { kind: 'http', statusCode, headers, body: bytes.subarray(headEnd) }
  } catch {
    return undefined
  }
}
