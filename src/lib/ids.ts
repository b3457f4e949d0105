import { randomBytes, randomUUID } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A 10-character lowercase alphanumeric id, the shape AWS uses for REST APIs, resources, deployments. */
export function newId(length = 10): string {
  const start = pooled(length)
  const bytes = pool
  let id = ''
  // 252 = 7 * 36: reject the tail so every character is equally likely
  for (let i = 0; i < length; i++) {
    let b = bytes[start + i]!
    while (b >= 252) b = nextPooledByte()
    id += ALPHABET[b % 36]
  }
  return id
}

/** `x-amzn-RequestId`: a UUID, as AWS sends it. */
export function newRequestId(): string {
  return randomUUID()
}

// `+` and `/` of standard base64 print as `A` and `B`, as the old replace() calls did
const EXTENDED_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789AB'
const POOL_BYTES = 12 * 512
let pool = Buffer.alloc(0)
let poolOffset = 0

/**
 * Where `n` fresh random bytes start in the shared pool, refilled with randomBytes() when it runs
 * out: one randomBytes() call per request (request ids, trace ids) showed in profiles, as did one
 * per id when an import names hundreds of resources.
 */
function pooled(n: number): number {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(Math.max(POOL_BYTES, n))
    poolOffset = 0
  }
  const at = poolOffset
  poolOffset += n
  return at
}

function nextPooledByte(): number {
  const at = pooled(1)
  return pool[at]!
}

/** `bytes` random bytes as lower-case hex (trace and span ids), from the pooled buffer. */
export function randomHex(bytes: number): string {
  const at = pooled(bytes)
  return pool.toString('hex', at, at + bytes)
}

/**
 * `x-amz-apigw-id`: 16 characters of base64-ish text, as AWS sends it (e.g. `Ab1cDEfGhIjKlMn=`):
 * the first 15 base64 characters of 12 random bytes, then `=`, from the pooled buffer.
 */
export function newExtendedRequestId(): string {
  const start = pooled(12)
  const b = pool
  let id = ''
  // 12 bytes = 4 groups of 3 bytes = 16 base64 characters; the 16th is replaced by `=`
  for (let i = start, end = start + 12; i < end; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!
    id += EXTENDED_ALPHABET[n >>> 18]! + EXTENDED_ALPHABET[(n >>> 12) & 63]! + EXTENDED_ALPHABET[(n >>> 6) & 63]!
    if (i + 3 < end) id += EXTENDED_ALPHABET[n & 63]!
  }
  return id + '='
}
