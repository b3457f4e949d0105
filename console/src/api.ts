import { queryString, signRequest, type Credentials } from './sigv4.ts'

/**
 * The console's only way to Portico: the management API (AWS's `apigateway` rest-json) on the
 * console's own origin, each call signed with the signed-in credentials. An error answer
 * becomes an AwsError carrying AWS's type (`x-amzn-ErrorType`) and message, which the views
 * show next to the control that caused it.
 */

export class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
  }
}

export interface CallOptions {
  query?: Record<string, string | undefined>
  body?: unknown
  /** a raw body (OpenAPI import): sent as is */
  raw?: string
  headers?: Record<string, string>
  /** the answer as text (exports) */
  text?: boolean
}

const STORAGE_KEY = 'portico.credentials'

export function savedCredentials(): Credentials | undefined {
  const text = sessionStorage.getItem(STORAGE_KEY)
  if (!text) return undefined
  try {
    return JSON.parse(text) as Credentials
  } catch {
    return undefined
  }
}

export function saveCredentials(credentials: Credentials | undefined): void {
  if (credentials) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(credentials))
  else sessionStorage.removeItem(STORAGE_KEY)
}

export type Call = <T = any>(method: string, path: string, options?: CallOptions) => Promise<T>

/** A signed caller for these credentials. */
export function clientFor(credentials: Credentials): Call {
  return async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const query = Object.entries(options.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined)
    const text = options.raw ?? (options.body === undefined ? '' : JSON.stringify(options.body))
    const body = new TextEncoder().encode(text)
    const signed = await signRequest({ method, path, query, host: location.host, body }, credentials)
    const search = queryString(query)
    const response = await fetch(`${path}${search ? `?${search}` : ''}`, {
      method,
      headers: { ...signed, ...(text !== '' && { 'content-type': 'application/json' }), ...options.headers },
      ...(text !== '' && { body }),
      credentials: 'omit',
      cache: 'no-store',
    })
    const answer = await response.text()
    if (!response.ok) {
      let message = answer
      try {
        message = (JSON.parse(answer) as { message?: string | null }).message ?? response.statusText
      } catch {
        // not JSON: the text itself
      }
      throw new AwsError(response.status, response.headers.get('x-amzn-ErrorType')?.split(':')[0] ?? 'Error', message)
    }
    if (options.text) return answer as T
    return (answer === '' ? {} : JSON.parse(answer)) as T
  }
}

/** The message to show for a failed call. */
export function errorText(error: unknown): string {
  if (error instanceof AwsError) return `${error.type}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}
