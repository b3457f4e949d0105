/**
 * Hunts OpenAPI documents the importer takes long over: the importer fuzzer's inputs
 * (test/fuzz/openapi-documents.ts), seed after seed, in a worker thread that a watchdog on the
 * main thread times per input. An input still running after `--limit-ms` (default 2 s) is printed
 * with its seed and index and saved to `--out`, the worker is ended (a synchronous loop can be
 * stopped no other way) and the hunt goes on with the next seed. On a busy machine a slow input
 * may only have been starved of CPU: each is run again alone (twice, the first loading the
 * importer's lazy modules) and its time printed, or `still over` when it outlives 10 s again.
 *
 *   nice -n 19 node --import tsx bench/import-watchdog.ts [--seeds 20] [--runs 500] [--limit-ms 2000] [--first-seed 1] [--out /tmp/slow-imports]
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'

type Job = { seed: number; runs: number } | { text: string }
type Report = { kind: 'start'; index: number; text: string } | { kind: 'done'; inputs: number; slowestMs: number }

if (isMainThread) await hunt()
else await work(workerData as Job)

async function hunt(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '20' },
      runs: { type: 'string', default: '500' },
      'limit-ms': { type: 'string', default: '2000' },
      'first-seed': { type: 'string', default: '1' },
      out: { type: 'string', default: '/tmp/slow-imports' },
    },
  })
  const limitMs = Number(values['limit-ms'])
  mkdirSync(values.out, { recursive: true })
  let inputs = 0
  let slow = 0
  const started = performance.now()
  for (let seed = Number(values['first-seed']); seed < Number(values['first-seed']) + Number(values.seeds); seed++) {
    const outcome = await runSeed({ seed, runs: Number(values.runs) }, limitMs)
    inputs += outcome.inputs
    if (outcome.slow) {
      slow++
      const file = join(values.out, `seed-${seed}-input-${outcome.slow.index}.txt`)
      writeFileSync(file, outcome.slow.text)
      const again = await runSeed({ text: outcome.slow.text }, 10_000)
      const alone = again.slow ? 'still over 10 s alone' : `${again.slowestMs.toFixed(0)} ms when run again alone`
      console.log(`SLOW seed ${seed} input ${outcome.slow.index}: still running after ${limitMs} ms; ${alone} (${outcome.slow.text.length} chars, saved to ${file})`)
    } else console.log(`seed ${seed}: ${outcome.inputs} inputs, slowest ${outcome.slowestMs.toFixed(0)} ms`)
  }
  const seconds = (performance.now() - started) / 1000
  console.log(`${inputs} inputs in ${seconds.toFixed(0)} s (${(inputs / seconds).toFixed(0)}/s), ${slow} over ${limitMs} ms`)
}

/** One seed's inputs in a worker; ended by the watchdog when one input outlives `limitMs`. */
function runSeed(job: Job, limitMs: number): Promise<{ inputs: number; slowestMs: number; slow?: { index: number; text: string } }> {
  return new Promise((resolve, reject) => {
    // a worker does not inherit tsx's loader: it registers it, then loads this file
    const boot = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`
    const worker = new Worker(boot, { eval: true, workerData: job })
    let current: { index: number; text: string; at: number } | undefined
    const watchdog = setInterval(() => {
      if (current && performance.now() - current.at > limitMs) {
        clearInterval(watchdog)
        const slow = { index: current.index, text: current.text }
        void worker.terminate().then(() => resolve({ inputs: slow.index, slowestMs: limitMs, slow }))
      }
    }, 100)
    worker.on('message', (report: Report) => {
      if (report.kind === 'start') current = { index: report.index, text: report.text, at: performance.now() }
      else {
        clearInterval(watchdog)
        resolve({ inputs: report.inputs, slowestMs: report.slowestMs })
      }
    })
    worker.on('error', (error) => {
      clearInterval(watchdog)
      reject(error)
    })
  })
}

async function work(job: Job): Promise<void> {
  const fc = (await import('fast-check')).default
  const { importOpenApi } = await import('../src/openapi/index.ts')
  const { anyText, mutatedDocument } = await import('../test/fuzz/openapi-documents.ts')
  const texts = 'text' in job ? [job.text, job.text] : fc.sample(fc.oneof(mutatedDocument, anyText), { seed: job.seed, numRuns: job.runs })
  let slowestMs = 0
  texts.forEach((text, index) => {
    parentPort!.postMessage({ kind: 'start', index, text } satisfies Report)
    const t0 = performance.now()
    importOpenApi(text, { apiId: 'fuzz000001' })
    // a text run alone is timed on its second import, the first having loaded yaml and ajv
    if (!('text' in job) || index > 0) slowestMs = Math.max(slowestMs, performance.now() - t0)
  })
  parentPort!.postMessage({ kind: 'done', inputs: texts.length, slowestMs } satisfies Report)
}
