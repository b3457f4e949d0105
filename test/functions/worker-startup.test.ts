import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FIXTURES } from './runtime-fixture.ts'
import { createWorkerPool } from '../../src/functions/worker-pool.ts'

/**
 * A retired worker is replaced by a cold one that loads the handler again and reports its init
 * duration (the REPORT line's Init Duration). How long that takes is measured in
 * bench/functions/startup.ts, not asserted here.
 */
test('every cold start loads the handler anew and reports its init duration', { timeout: 30_000 }, async () => {
  const pool = createWorkerPool({ handler: `${FIXTURES}commonjs/app.handler`, env: {}, memorySize: 128 })
  const context = { awsRequestId: 'x', functionName: 'f', functionVersion: '$LATEST', invokedFunctionArn: 'arn', memoryLimitInMB: '128', logGroupName: 'g', logStreamName: 's', deadlineMs: Date.now() + 60_000 }
  try {
    for (let i = 0; i < 5; i++) {
      pool.retire()
      const outcome = await pool.run({ event: '{}', context, timeoutMs: 10_000 })
      assert.equal(outcome.error, undefined)
      assert.ok(typeof outcome.initMs === 'number' && outcome.initMs > 0, `cold start ${i} reported no init duration`)
      const warm = await pool.run({ event: '{}', context, timeoutMs: 10_000 })
      assert.equal(warm.initMs, undefined, 'a warm invocation reports no init duration')
    }
  } finally {
    await pool.close()
  }
})
