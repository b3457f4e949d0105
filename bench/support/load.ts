import { spawnSync } from 'node:child_process'

export interface LoadResult {
  tool: 'wrk' | 'autocannon'
  rps: number
  /** milliseconds */
  p50: number
  p99: number
}

const hasWrk = spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined

/** Drives `url` (loopback only) for `seconds` with `connections` keep-alive connections, sending `headers` on every request. */
export function load(url: string, seconds: number, connections: number, headers: Record<string, string> = {}): LoadResult {
  if (!/^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])[:/]/.test(url)) throw new Error(`refusing to load a non-loopback target: ${url}`)
  return hasWrk ? wrk(url, seconds, connections, headers) : autocannon(url, seconds, connections, headers)
}

function wrk(url: string, seconds: number, connections: number, headers: Record<string, string>): LoadResult {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`])
  const run = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headerArgs, url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 })
  const out = run.stdout
  const rps = Number(out.match(/Requests\/sec:\s+([\d.]+)/)?.[1])
  const pct = (p: string) => toMs(out.match(new RegExp(`\\s${p}%\\s+([\\d.]+)(us|ms|s)`)) ?? undefined)
  if (!Number.isFinite(rps)) throw new Error(`wrk output not understood:\n${out}\n${run.stderr}`)
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/)
  if (errors) throw new Error(`${url}: ${errors[1]} non-2xx responses under load`)
  return { tool: 'wrk', rps, p50: pct('50'), p99: pct('99') }
}

function toMs(m: RegExpMatchArray | undefined): number {
  if (!m) return NaN
  const v = Number(m[1])
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v
}

function autocannon(url: string, seconds: number, connections: number, headers: Record<string, string>): LoadResult {
  const bin = new URL('../../node_modules/.bin/autocannon', import.meta.url).pathname
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}=${value}`])
  const run = spawnSync(bin, ['-j', '-c', String(connections), '-d', String(seconds), ...headerArgs, url], { encoding: 'utf8', timeout: (seconds + 30) * 1000 })
  const json = JSON.parse(run.stdout) as { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number }
  if (json.non2xx > 0) throw new Error(`${url}: ${json.non2xx} non-2xx responses under load`)
  return { tool: 'autocannon', rps: json.requests.average, p50: json.latency.p50, p99: json.latency.p99 }
}
