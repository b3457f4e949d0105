import { parseText } from '../openapi/index.ts'
import { ManagementError } from './management-client.ts'

/** undefined for a 404 (NotFoundException), the value otherwise */
export async function orAbsent<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call
  } catch (error) {
    if (error instanceof ManagementError && error.status === 404) return undefined
    throw error
  }
}

/**
 * The server's answer about a document, with the document's path in front. AWS answers an
 * unreadable document with just "Invalid OpenAPI input.", so the reader's own line and column
 * are added as the hint.
 */
export function inFile(file: string, error: unknown, text?: string): unknown {
  if (!(error instanceof ManagementError) || error.status !== 400) return error
  const parsed = text !== undefined && error.message === INVALID_OPENAPI ? parseText(text) : undefined
  const hint = parsed && !parsed.ok ? parsed.errors.map((p) => p.message).join('; ') : error.hint
  return new ManagementError(error.type, error.status, `${file}: ${error.message}`, hint)
}

const INVALID_OPENAPI = 'Invalid OpenAPI input.'
