/**
 * Write coalescing: answers completed during one turn of the event loop are handed to their
 * sockets together when the turn ends.
 *
 * Under load one turn completes many requests. Ended one by one, each answer is written while
 * the others are still being worked on, and each write wakes its client on its own; ended
 * together after the turn, the clients get one burst, send their next requests in one, and the
 * next turn reads them together. On loopback this roughly halves the CPU per request of a small
 * answer (bench/README.md). An idle server adds no measurable latency: the flush is a
 * setImmediate, which runs right after the I/O callbacks of the same turn.
 *
 * Until then a response has its head (`headersSent` is true) but is not ended: 'finish' —
 * access logs, metrics, usage — follows the flush.
 */
export interface TurnEnd {
  /** called once, when the turn it was scheduled in ends */
  atTurnEnd(): void
}

let pending: TurnEnd[] = []

export function whenTurnEnds(item: TurnEnd): void {
  pending.push(item)
  if (pending.length === 1) setImmediate(flush)
}

function flush(): void {
  // anything scheduled while flushing waits for the next turn
  const items = pending
  pending = []
  for (let i = 0; i < items.length; i++) {
    try {
      items[i]!.atTurnEnd()
    } catch (error) {
      // one response's failure must not strand the others in this turn
      console.error('portico: writing an answer failed:', error)
    }
  }
}
