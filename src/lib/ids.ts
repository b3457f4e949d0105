import { randomBytes, randomUUID } from 'node:crypto'

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** A 10-character lowercase alphanumeric id, the shape AWS uses for REST APIs, resources, deployments. */
export function newId(length = 10): string {
  const bytes = randomBytes(length)
  let id = ''
  // 252 = 7 * 36: reject the tail so every character is equally likely
  for (let i = 0; i < length; i++) {
    let b = bytes[i]!
    while (b >= 252) b = randomBytes(1)[0]!
    id += ALPHABET[b % 36]
  }
  return id
}

/** `x-amzn-RequestId`: a UUID, as AWS sends it. */
export function newRequestId(): string {
  return randomUUID()
}

/** `x-amz-apigw-id`: 16 characters of base64-ish text, as AWS sends it (e.g. `Ab1cDEfGhIjKlMn=`). */
export function newExtendedRequestId(): string {
  return randomBytes(12).toString('base64').replace(/\+/g, 'A').replace(/\//g, 'B').slice(0, 15) + '='
}
