import { parentPort, workerData } from 'node:worker_threads'
import { openSqliteStore } from '../../src/control/store/sqlite/sqlite-store.ts'
import { minimalDefinition } from './store-fixtures.ts'

/**
 * One contender in the cross-connection race of store-sqlite.test.ts: opens its own
 * connection, waits at the barrier until every contender is ready, then saves.
 */

export interface WorkerInput {
  dataDir: string
  apiId: string
  name: string
  expectedVersion: number
  /** Int32Array[1]: contenders ready so far */
  barrier: SharedArrayBuffer
  contenders: number
}

export type WorkerOutput = { ok: true; version: number } | { ok: false; name: string; message: string }

const input = workerData as WorkerInput
const store = await openSqliteStore({ dataDir: input.dataDir })
const ready = new Int32Array(input.barrier)
Atomics.add(ready, 0, 1)
Atomics.notify(ready, 0)
for (let seen = Atomics.load(ready, 0); seen < input.contenders; seen = Atomics.load(ready, 0)) {
  Atomics.wait(ready, 0, seen, 1_000)
}

let output: WorkerOutput
try {
  output = { ok: true, version: await store.saveApi(minimalDefinition(input.apiId, input.name), input.expectedVersion) }
} catch (error) {
  const { name, message } = error as Error
  output = { ok: false, name, message }
} finally {
  await store.close()
}
parentPort?.postMessage(output)
