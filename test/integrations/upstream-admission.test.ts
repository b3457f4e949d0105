/**
 * Issue 14: the origin admission's arithmetic on a clock the test drives (upstream-admission.ts).
 * The expected wait comes in whole holds: with 4 connections held ~1 s each and a 2.6 s timeout,
 * places 0–3 in line end after ~2 s and places 4 and more after ~3 s (the earlier estimate, a
 * quarter hold per place, admitted places 4 and 5 into a 504). Calls already waiting are shed
 * (their turn rejects with ShedWhileWaiting) once the origin learns that calls hold longer.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { admissionBudgetMs, OriginAdmission, ShedWhileWaiting, type UpstreamShed, type UpstreamTicket } from '../../src/integrations/upstream-admission.ts'
import { startDeadline } from '../../src/integrations/upstream-failure.ts'

function admission(connections: number) {
  const clock = { now: 0 }
  const origin = new OriginAdmission({ connections, maxQueue: 100 }, 'http://backend', () => clock.now)
  // ten calls that each hold their connection 1 s: the hold is ~1 s, its deviation small
  for (let i = 0; i < 10; i++) {
    const ticket = origin.admit(60_000) as UpstreamTicket
    clock.now += 1000
    ticket.release()
  }
  return { clock, origin }
}

const isShed = (t: UpstreamTicket | UpstreamShed): t is UpstreamShed => t.shed !== undefined

describe('origin admission', () => {
  it('a request that took part of its timeout to reach its integration waits only for the rest: admitted fresh, shed late', () => {
    assert.deepEqual([admissionBudgetMs(1000, 5000, 1000), admissionBudgetMs(1000, 5000, 1800), admissionBudgetMs(1000, 5000, 7000)], [5000, 4200, 0])
    const { origin } = admission(4)
    for (let i = 0; i < 4; i++) origin.admit(60_000)
    // a place in line that ends after ~2 s: inside a fresh 2.6 s timeout, past what is left of one after 0.8 s
    assert.equal(isShed(origin.admit(admissionBudgetMs(0, 2600, 0))), false)
    const late = origin.admit(admissionBudgetMs(0, 2600, 800))
    assert.ok(isShed(late), 'a request 0.8 s old with a 2.6 s timeout cannot wait ~2 s for a connection')
    assert.match(late.shed, /past its 1800 ms timeout/)
  })

  it('counts the wait in whole holds: with every connection busy, a place in line a full round back is shed at once', () => {
    const { origin } = admission(4)
    const running = Array.from({ length: 4 }, () => origin.admit(2600))
    assert.ok(running.every((t) => !isShed(t) && t.turn(startDeadline(60_000)) === undefined), 'four calls get a connection at once')
    const waiting = Array.from({ length: 6 }, () => origin.admit(2600))
    assert.deepEqual(waiting.map(isShed), [false, false, false, false, true, true])
    assert.match((waiting[4] as UpstreamShed).shed, /all 4 connections are busy, 4 calls wait, .* past its 2600 ms timeout/)
    assert.deepEqual(origin.load, { running: 4, waiting: 4 })
  })

  it('a waiting call gets its turn when a connection frees; waiting calls that can no longer end in time are shed once calls are seen to hold longer', async () => {
    const { clock, origin } = admission(2)
    const deadline = startDeadline(60_000)
    try {
      const running = [origin.admit(5000), origin.admit(5000)] as UpstreamTicket[]
      const waiting = [origin.admit(5000), origin.admit(5000)] as UpstreamTicket[]
      assert.ok(waiting.every((t) => !isShed(t)), 'two holds of ~1 s fit a 5 s timeout')
      const turns = waiting.map((t) => t.turn(deadline)!)
      const outcomes = turns.map((turn) => turn.then(() => 'turn', (error: unknown) => error))

      // the first running call ends after 1 s, as expected: the first waiting call gets its turn
      clock.now += 1000
      running[0]!.release()
      assert.equal(await outcomes[0], 'turn')
      assert.deepEqual(origin.load, { running: 2, waiting: 1 })

      // the second ends after 4.5 s: calls hold far longer than thought, and the last waiting
      // call (its timeout ends at 5 s) cannot get a connection and end in time any more
      clock.now += 3500
      running[1]!.release()
      const shed = await outcomes[1]
      assert.ok(shed instanceof ShedWhileWaiting, String(shed))
      assert.equal(shed.origin, 'http://backend')
      assert.match(shed.reason, /its turn for a connection came with 500 ms of its timeout left/)
      assert.deepEqual(origin.load, { running: 1, waiting: 0 })
      waiting[1]!.release()
      assert.deepEqual(origin.load, { running: 1, waiting: 0 }, 'a shed call\'s release changes nothing')
    } finally {
      deadline.clear()
    }
  })

  it('a waiting call whose deadline fires leaves the line with the deadline\'s reason', async () => {
    const { origin } = admission(1)
    const deadline = startDeadline(1)
    try {
      origin.admit(60_000)
      const waiting = origin.admit(60_000) as UpstreamTicket
      await assert.rejects(waiting.turn(deadline)!, /integration timeout/)
      assert.deepEqual(origin.load, { running: 1, waiting: 0 })
    } finally {
      deadline.clear()
    }
  })
})
