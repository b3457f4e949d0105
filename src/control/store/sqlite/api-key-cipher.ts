import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PRIVATE_FILE_MODE } from '../../../lib/private-dir.ts'

/**
 * API key values at rest: AES-256-GCM with a fresh 12-byte IV per write and the key's id as
 * additional data (a value cannot be moved to another row), plus an HMAC-SHA256 of the value as
 * the lookup index (`x-api-key`, ImportApiKeys). Both keys are derived (HKDF-SHA256) from one
 * secret: PORTICO_API_KEY_SECRET when configured, else `<dataDir>/api-key-secret`, 32 random
 * bytes written once with mode 0600. Losing the secret loses the key values.
 */
export interface ApiKeyCipher {
  /** `v1.` + base64url(iv ‖ ciphertext ‖ tag) */
  seal(id: string, value: string): string
  /** throws ApiKeySecretError when the secret is not the one the value was sealed with */
  open(id: string, sealed: string): string
  /** the lookup index of a value */
  index(value: string): string
}

export const API_KEY_SECRET_FILE = 'api-key-secret'
const PREFIX = 'v1.'

export class ApiKeySecretError extends Error {
  override name = 'ApiKeySecretError'
}

/** The configured secret, else the one in the data directory (created on first use). */
export function loadApiKeyCipher(dataDir: string, configured?: string): ApiKeyCipher {
  const secret = configured !== undefined ? Buffer.from(configured, 'utf8') : secretFile(dataDir)
  if (secret.length < 16) throw new ApiKeySecretError('PORTICO_API_KEY_SECRET must be at least 16 bytes long')
  return createApiKeyCipher(secret)
}

function secretFile(dataDir: string): Buffer {
  const file = join(dataDir, API_KEY_SECRET_FILE)
  try {
    // 'wx': two processes opening one new data directory keep the first one's secret
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: PRIVATE_FILE_MODE, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
}

export function createApiKeyCipher(secret: Buffer): ApiKeyCipher {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32))
  const encryption = derive('portico api key encryption')
  const indexing = derive('portico api key index')
  return {
    seal(id, value) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', encryption, iv).setAAD(Buffer.from(id))
      const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()])
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
    },
    open(id, sealed) {
      if (!sealed.startsWith(PREFIX)) throw new ApiKeySecretError(`API key ${id}: stored value is not sealed`)
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url')
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryption, raw.subarray(0, 12)).setAAD(Buffer.from(id))
        decipher.setAuthTag(raw.subarray(raw.length - 16))
        return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8')
      } catch {
        throw new ApiKeySecretError(
          `API key ${id} cannot be decrypted: the API key secret (PORTICO_API_KEY_SECRET or ${API_KEY_SECRET_FILE} in the data directory) is not the one it was encrypted with`,
        )
      }
    },
    index(value) {
      return createHmac('sha256', indexing).update(value).digest('base64url')
    },
  }
}
