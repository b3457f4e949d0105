import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterPrepared, useStarted, type SuiteSetup } from './use-started.ts'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const ENTRY = ['--import', 'tsx', 'src/cli/run.ts']
/** what `npx portico` runs: the CLI bundled by `npm run build` (dist/portico.cjs, loaded by bin/compile-cache.js) */
export const BUNDLED_ENTRY = ['bin/portico.js']

/**
 * The environment a test's `portico` runs with: this process's, minus the settings that would
 * change what it does (credentials and endpoints the machine running the tests may have set), plus `env`.
 */
function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const name of Object.keys(base)) {
    if (name.startsWith('PORTICO_') || name.startsWith('AWS_')) delete base[name]
  }
  return { ...base, ...env }
}

/** Runs `portico <args>` to completion (from the TypeScript sources). */
export function portico(args: string[], env: NodeJS.ProcessEnv = {}, entry: readonly string[] = ENTRY): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...entry, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, env: cliEnv(env) })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

/** `portico` without blocking this process: for a CLI that calls a Portico running in this test. */
export function porticoAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...ENTRY, ...args], { cwd: ROOT, env: cliEnv(env), timeout: 60_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export interface RunningServer {
  child: ChildProcess
  url: string
  stdout: string
  /** everything the server wrote to stderr so far */
  stderr: string
  /** SIGTERM, and SIGKILL `killAfterMs` later if it has not exited (a process whose event loop is stuck cannot run its SIGTERM handler); its exit code */
  stop(killAfterMs?: number): Promise<number | null>
}

/** Starts `portico serve …` and resolves once it prints its URL. */
export function porticoServe(args: string[], env: NodeJS.ProcessEnv = {}, entry: readonly string[] = ENTRY): Promise<RunningServer> {
  const child = spawn(process.execPath, [...entry, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv(env) })
  let stdout = ''
  let stderr = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`portico serve did not start in 30 s\n${stdout}\n${stderr}`))
    }, 30_000)
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString()
      const m = stdout.match(/listening on (http:\/\/\S+)/)
      if (m && stdout.includes('Ready. Press Ctrl+C')) {
        clearTimeout(timer)
        resolve({
          child,
          url: m[1]!,
          get stdout() {
            return stdout
          },
          get stderr() {
            return stderr
          },
          stop: (killAfterMs?: number) =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode)
              const kill = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs)
              child.once('exit', (code) => {
                clearTimeout(kill)
                done(code)
              })
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`portico serve exited with ${code}\n${stdout}\n${stderr}`))
    })
  })
}

/** A `portico serve` process as the suite's gateway: `close()` stops it (SIGTERM) and waits for its exit. */
export interface ServedProcess extends RunningServer {
  close(): Promise<void>
}

export interface UsePorticoServeOptions {
  /** the CLI to run: the TypeScript sources unless given (BUNDLED_ENTRY: what `npx portico` runs) */
  entry?: readonly string[]
  /** run just before the process starts, in the same `before` (files it reads, a backend it names); what it returns, when a function, runs after it stopped */
  prepare?: () => unknown
  /** the suite's own set-up, after the process is ready */
  setup?: SuiteSetup<ServedProcess>
  /** on close, SIGKILL the process this long after SIGTERM if it has not exited (see RunningServer.stop) */
  killAfterMs?: number
}

/**
 * `portico serve <args>` for the enclosing suite (useStarted): started in its `before`, stopped in
 * its `after`. `args` and `env` may be functions, read when the process starts (after `prepare`).
 */
export function usePorticoServe(args: string[] | (() => string[]), env: NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv) = {}, options: UsePorticoServeOptions = {}): ServedProcess {
  return useStarted(
    () =>
      afterPrepared(options.prepare, async () => {
        const server = await porticoServe(typeof args === 'function' ? args() : args, typeof env === 'function' ? env() : env, options.entry)
        return Object.assign(server, {
          async close() {
            await server.stop(options.killAfterMs)
          },
        })
      }),
    options.setup,
  )
}
