// The in-process response cache under N distinct keys (bench/cache.ts): entries as the cache
// stage stores them (a 62-byte JSON response, hashed key), into a MemoryResponseCache with the
// given budget; reports the most bytes it held by its own account and the heap growth after GC.
//   node --expose-gc --import tsx bench/support/cache-memory.ts <keys> <budget-mb>   → READY <report, URI-encoded>
import { createHash } from 'node:crypto'
import { createEntryCodec } from '../../src/cache/entry-codec.ts'
import { MemoryResponseCache } from '../../src/cache/memory-cache.ts'

const keys = Number(process.argv[2] ?? 1_000_000)
const budget = Number(process.argv[3] ?? 64) * 1024 * 1024
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const codec = createEntryCodec(Buffer.alloc(32, 1))
const cache = new MemoryResponseCache({ maxBytes: budget })
const scope = { id: 'api/prod', budgetBytes: 0.5 * 1024 ** 3 }
const answer = { kind: 'http' as const, statusCode: 200, headers: { 'content-type': 'application/json', 'x-backend': 'yes' }, body: '{"id":1,"name":"doggie","tags":["a","b"],"status":"available"}' }

gc()
const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers
let maxBytes = 0
let maxHeap = 0
for (let i = 0; i < keys; i++) {
  const key = createHash('sha256').update(`GET /pets/${i}`).digest('base64url')
  await cache.set(scope, key, codec.encode(answer, key, false), 300)
  if (cache.bytes > maxBytes) maxBytes = cache.bytes
  if (i % 100_000 === 99_999) {
    gc()
    const m = process.memoryUsage()
    maxHeap = Math.max(maxHeap, m.heapUsed + m.arrayBuffers - heapBefore)
  }
}
const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
const report = [
  `in-process cache, ${keys.toLocaleString('en')} distinct keys, budget ${mb(budget)} MB:`,
  `  most bytes held (the cache's account) ${mb(maxBytes)} MB (${maxBytes <= budget ? 'within' : 'OVER'} budget), ${cache.size.toLocaleString('en')} entries at the end`,
  `  heap + array buffers above the start, after GC, at most ${mb(maxHeap)} MB (${(maxHeap / budget).toFixed(2)}× the budget)`,
].join('\n')
process.stdout.write(`READY ${encodeURIComponent(report)}\n`)
