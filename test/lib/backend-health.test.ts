/**
 * A shared backend's health (issue 14, defect 9): an outage is two log lines however many
 * commands fail; a flapping backend goes down in the log at most once per quiet period and the
 * changes in between are summed up; every failure is counted.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BackendHealth, BackendUnavailableError } from '../../src/lib/backend-health.ts'

function health(quietMs = 10_000): { health: BackendHealth; lines: string[]; clock: { now: number } } {
  const lines: string[] = []
  const clock = { now: 1_000_000 }
  const h = new BackendHealth({ name: 'Redis counters at redis://127.0.0.1:1/', whileDown: 'requests answer 500', report: (m) => lines.push(m), now: () => clock.now, quietMs })
  return { health: h, lines, clock }
}

const refused = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1'))

describe('backend health', () => {
  it('an outage: one line when it starts, one when it ends, every failed command counted', async () => {
    const { health: h, lines, clock } = health()
    assert.equal(await h.track(Promise.resolve('OK')), 'OK')
    for (let i = 0; i < 500; i++) {
      await assert.rejects(h.track(refused()), (error: Error) => error instanceof BackendUnavailableError && error.message === 'Redis counters at redis://127.0.0.1:1/ failed: connect ECONNREFUSED 127.0.0.1:1')
    }
    assert.equal(h.up, false)
    assert.equal(h.failures, 500)
    clock.now += 12_345
    await h.track(Promise.resolve(1))
    assert.equal(h.up, true)
    assert.deepEqual(lines, [
      'portico: Redis counters at redis://127.0.0.1:1/ is unavailable (connect ECONNREFUSED 127.0.0.1:1): requests answer 500 until it is back',
      'portico: Redis counters at redis://127.0.0.1:1/ is back after 12.3 s; 500 command(s) failed meanwhile',
    ])
  })

  it('a flapping backend: a down line at most once per quiet period, then a summary of the changes in between', async () => {
    const { health: h, lines } = health(50)
    await h.track(refused()).catch(() => {})
    await h.track(Promise.resolve())
    assert.equal(lines.length, 2, 'down, then up at once')
    for (let i = 0; i < 100; i++) {
      await h.track(refused()).catch(() => {})
      await h.track(Promise.resolve())
    }
    await h.track(refused()).catch(() => {})
    assert.equal(lines.length, 2, '201 changes within the quiet period: none said yet')
    for (let i = 0; i < 500 && lines.length === 2; i++) await new Promise((r) => setTimeout(r, 10))
    assert.equal(lines.length, 3)
    assert.equal(lines[2], 'portico: Redis counters at redis://127.0.0.1:1/ changed state 201 more time(s) in 0.05 s and is unavailable: requests answer 500 until it is back; 102 command(s) failed since start')
    await h.track(Promise.resolve())
    assert.match(lines[3]!, /is back after/)
    h.close()
  })

  it('says nothing once closed (the connection closing at shutdown is not news)', async () => {
    const { health: h, lines } = health()
    h.close()
    await h.track(refused()).catch(() => {})
    assert.deepEqual(lines, [])
    assert.equal(h.failures, 1)
  })
})
