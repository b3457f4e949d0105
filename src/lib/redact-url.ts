/**
 * A URL for messages and logs, without its password: `redis://user:***@host`. A URL that does
 * not parse has its whole `user:password@` part replaced instead.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@')
  }
}
