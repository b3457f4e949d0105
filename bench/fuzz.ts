/**
 * The fuzz suite's long mode: the same properties CI runs in test/fuzz/, with many more inputs.
 *
 *   nice -n 19 node --import tsx bench/fuzz.ts [--runs 1000000] [--http-runs 20000] [--only router,sigv4] [--name "any text"] [--timeout-min 60]
 *
 * test/vtl/fuzz.test.ts (the template engine's own fuzzer) runs with them. Each file runs in its
 * own `node --test` process with PORTICO_FUZZ_RUNS (in-process parsers, and requests through
 * inject()) and PORTICO_FUZZ_HTTP_RUNS (requests over sockets to a `portico serve`) set, and is
 * ended (its whole process group) after `--timeout-min`. The table gives each file's outcome, its
 * inputs, the seeds its properties drew (runs.ts prints them before the first input) and its wall
 * time; a file ended by the time limit gives the last count its properties printed. Replay a seed
 * with PORTICO_FUZZ_SEED=<seed>. `--name` runs only the properties whose name matches (node's
 * `--test-name-pattern`), e.g. one property of a file with two. Each file's whole output is kept in `$TMPDIR/portico-fuzz-<file>.log`.
 */
import { spawn } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000000' }, 'http-runs': { type: 'string', default: '20000' }, only: { type: 'string' }, name: { type: 'string' }, 'timeout-min': { type: 'string', default: '60' } },
})
const root = new URL('..', import.meta.url).pathname
const files = [
  ...readdirSync(new URL('../test/fuzz/', import.meta.url))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/fuzz/${f}`)
    .sort(),
  'test/vtl/fuzz.test.ts', // the template engine's fuzzer, older than this suite
].filter((f) => !values.only || values.only.split(',').some((name) => f.split('/').at(-1)!.startsWith(name)))

/** One file's `node --test` process group, ended after the time limit; its output and whether it was ended. */
function run(file: string): Promise<{ output: string; code: number | null; ended: boolean }> {
  return new Promise((resolve) => {
    const pattern = values.name === undefined ? [] : ['--test-name-pattern', values.name]
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', ...pattern, file], {
      cwd: root,
      env: { ...process.env, PORTICO_FUZZ_RUNS: values.runs, PORTICO_FUZZ_HTTP_RUNS: values['http-runs'] },
      // its own process group: the test runner's child running the file is ended with it
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')))
    let ended = false
    const limit = setTimeout(
      () => {
        ended = true
        process.kill(-child.pid!, 'SIGKILL')
      },
      Number(values['timeout-min']) * 60_000,
    )
    child.on('close', (code) => {
      clearTimeout(limit)
      resolve({ output, code, ended })
    })
  })
}

const rows: string[] = []
for (const file of files) {
  const started = performance.now()
  const { output, code, ended } = await run(file)
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  // kept whole: an ended run's per-property results are only in it
  writeFileSync(join(tmpdir(), `portico-fuzz-${file.split('/').at(-1)}.log`), output)
  const passed = /^# pass (\d+)/m.exec(output)?.[1] ?? '?'
  const failed = /^# fail (\d+)/m.exec(output)?.[1] ?? '?'
  const inputs = file.includes('gateway-requests') ? `${values.runs} through inject(), ${values['http-runs']} over sockets` : `${values.runs} per property`
  const seeds = [...output.matchAll(/fuzz: \d+ inputs, seed (\d+)/g)].map((m) => m[1]).join(', ')
  const progress = [...output.matchAll(/fuzz: (\d+) inputs in (\d+) s/g)].at(-1)
  const last = progress ? `the last count printed: ${progress[1]} inputs in ${progress[2]} s` : 'no count printed (under 10,000 inputs per property)'
  const outcome = ended ? `ended after ${values['timeout-min']} min, ${last}; no failure before` : `${passed} passed, ${failed} failed (${last})`
  rows.push(`| ${file} | ${inputs} | ${outcome} | ${seeds} | ${seconds} s |`)
  if (code !== 0 && !ended) process.stdout.write(output.split('\n').filter((l) => /Counterexample|seed|Got |error:/.test(l)).join('\n') + '\n')
}
console.log('| file | inputs | outcome | seeds | wall time |\n|---|---:|---|---|---:|\n' + rows.join('\n'))
