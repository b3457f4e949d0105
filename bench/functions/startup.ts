/**
 * Cold start of a local function worker: time from spawning a worker to its handler being
 * loaded (Init Duration), over 25 cold starts. Goal: < 100 ms.
 *
 *   node --import tsx bench/functions/startup.ts
 */
import { fileURLToPath } from 'node:url'
import { createWorkerPool } from '../../src/functions/worker-pool.ts'

const handler = fileURLToPath(new URL('../../test/fixtures/functions/commonjs/app.handler', import.meta.url))
const pool = createWorkerPool({ handler, env: {}, memorySize: 128 })
const context = { awsRequestId: 'x', functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn', memoryLimitInMB: '128', logGroupName: 'g', logStreamName: 's', deadlineMs: Date.now() + 600_000 }
const inits: number[] = []
try {
  for (let i = 0; i < 25; i++) {
    pool.retire()
    const outcome = await pool.run({ event: '{}', context, timeoutMs: 10_000 })
    if (outcome.error !== undefined || outcome.initMs === undefined) throw new Error(`cold start ${i} failed`)
    inits.push(outcome.initMs)
  }
} finally {
  await pool.close()
}
inits.sort((a, b) => a - b)
console.log(`worker init ms over ${inits.length} cold starts: min ${inits[0]!.toFixed(1)}, median ${inits[12]!.toFixed(1)}, p90 ${inits[22]!.toFixed(1)}, max ${inits[24]!.toFixed(1)}`)
