/**
 * The fuzz suite's long mode: the same properties CI runs in test/fuzz/, with many more inputs.
 *
 *   nice -n 19 node --import tsx bench/fuzz.ts [--runs 1000000] [--http-runs 20000] [--only router,sigv4] [--timeout-min 60]
 *
 * test/vtl/fuzz.test.ts (the template engine's own fuzzer) runs with them. Each file runs in its
 * own `node --test` process with PORTICO_FUZZ_RUNS (in-process parsers, and requests through
 * inject()) and PORTICO_FUZZ_HTTP_RUNS (requests over sockets to a `portico serve`) set, ended
 * after `--timeout-min`; the table gives each file's outcome, its inputs, the seeds its
 * properties drew and its wall time. Replay a seed with PORTICO_FUZZ_SEED=<seed>.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000000' }, 'http-runs': { type: 'string', default: '20000' }, only: { type: 'string' }, 'timeout-min': { type: 'string', default: '60' } } })
const root = new URL('..', import.meta.url).pathname
const files = [
  ...readdirSync(new URL('../test/fuzz/', import.meta.url))
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/fuzz/${f}`)
    .sort(),
  'test/vtl/fuzz.test.ts', // the template engine's fuzzer, older than this suite
].filter((f) => !values.only || values.only.split(',').some((name) => f.split('/').at(-1)!.startsWith(name)))

const rows: string[] = []
for (const file of files) {
  const started = performance.now()
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', file], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PORTICO_FUZZ_RUNS: values.runs, PORTICO_FUZZ_HTTP_RUNS: values['http-runs'] },
    maxBuffer: 64 * 1024 * 1024,
    timeout: Number(values['timeout-min']) * 60_000,
  })
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  const passed = /^# pass (\d+)/m.exec(run.stdout)?.[1] ?? '?'
  const failed = /^# fail (\d+)/m.exec(run.stdout)?.[1] ?? '?'
  const inputs = file.includes('gateway-requests') ? `${values.runs} through inject(), ${values['http-runs']} over sockets` : `${values.runs} per property`
  // runs.ts prints each property's seed before its first input; node --test relays stderr as `# ` lines
  const seeds = [...`${run.stdout}\n${run.stderr}`.matchAll(/fuzz: \d+ inputs, seed (\d+)/g)].map((m) => m[1]).join(', ')
  const outcome = run.error ? `ended after ${values['timeout-min']} min (${(run.error as Error).message})` : `${passed} passed, ${failed} failed`
  rows.push(`| ${file} | ${inputs} | ${outcome} | ${seeds} | ${seconds} s |`)
  if (run.status !== 0) process.stdout.write(run.stdout.split('\n').filter((l) => /Counterexample|seed|Got |error:/.test(l)).join('\n') + '\n')
}
console.log('| file | inputs | outcome | seeds | wall time |\n|---|---:|---|---|---:|\n' + rows.join('\n'))
