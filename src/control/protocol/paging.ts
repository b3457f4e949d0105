import { badRequest } from './errors.ts'

/** A v1 list response: the SDK's `items` travel as `item`. */
export interface Page<T> {
  item: T[]
  position?: string
}

export const DEFAULT_LIMIT = 25
export const MAX_LIMIT = 500

/**
 * `?limit=&position=` over an already ordered list. `position` is opaque to clients: the
 * base64url of the offset of the next item. Limit default 25, max 500 (botocore's GetRestApis doc).
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams): Page<T> {
  const limit = readLimit(query.get('limit'))
  const offset = readPosition(query.get('position'))
  const item = items.slice(offset, offset + limit)
  const next = offset + item.length
  return next < items.length ? { item, position: encodePosition(next) } : { item }
}

/** `?limit=`: default 25, 1 to 500, AWS's messages otherwise */
export function readLimit(text: string | null): number {
  if (text === null || text === '') return DEFAULT_LIMIT
  const n = Number(text)
  if (!Number.isInteger(n)) throw badRequest(`Invalid limit specified: '${text}' is not an integer`)
  // Coral's constraint text, as AWS answers other out-of-range members
  if (n < 1) throw badRequest(`1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`)
  if (n > MAX_LIMIT) throw badRequest(`1 validation error detected: Value '${n}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to ${MAX_LIMIT}`)
  return n
}

export function encodePosition(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url')
}

function readPosition(text: string | null): number {
  if (text === null || text === '') return 0
  const offset = decodePosition(text)
  if (offset === undefined) throw badRequest('Invalid position parameter')
  return offset
}

function decodePosition(text: string): number | undefined {
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(text, 'base64url').toString('utf8'))
  return m ? Number(m[1]) : undefined
}

/** An apigatewayv2 list response. */
export interface ItemsPage<T> {
  items: T[]
  nextToken?: string
}

/**
 * apigatewayv2's `?maxResults=&nextToken=` (maxResults travels as a string). Without
 * maxResults the whole list is one page: AWS's default page size is not documented.
 * `nextToken` is opaque, encoded like `position`.
 */
export function paginateItems<T>(items: readonly T[], query: URLSearchParams): ItemsPage<T> {
  const text = query.get('maxResults')
  let limit = items.length
  if (text !== null && text !== '') {
    const n = Number(text)
    if (!Number.isInteger(n) || n < 1) throw badRequest(`Invalid maxResults specified: ${text}`)
    limit = n
  }
  const offset = readNextToken(query.get('nextToken'))
  const page = items.slice(offset, offset + limit)
  const next = offset + page.length
  return next < items.length ? { items: page, nextToken: encodePosition(next) } : { items: page }
}

/** `?nextToken=` (made by encodePosition): the offset it stands for, 0 without one */
export function readNextToken(token: string | null): number {
  const offset = token === null || token === '' ? 0 : decodePosition(token)
  if (offset === undefined) throw badRequest('Invalid nextToken specified')
  return offset
}
