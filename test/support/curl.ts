import { execFile } from 'node:child_process'

/** `curl -s` (on PATH) with `args`; its exit code, and its stdout with the HTTP status on a last line of its own. */
export function curl(...args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-s', '--max-time', '10', '-w', '\n%{http_code}', ...args], { timeout: 20_000 }, (error, stdout) => resolve({ code: error ? 1 : 0, stdout }))
  })
}
