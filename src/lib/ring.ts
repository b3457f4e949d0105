/** A fixed-size ring: pushing past `size` overwrites the oldest item. */
export class Ring<T> {
  readonly #items: T[] = []
  #next = 0
  constructor(readonly size: number) {}

  push(item: T): void {
    if (this.#items.length < this.size) this.#items.push(item)
    else this.#items[this.#next] = item
    this.#next = (this.#next + 1) % this.size
  }

  /** newest first */
  newestFirst(): T[] {
    const items = this.#items
    const out: T[] = []
    for (let i = 1; i <= items.length; i++) out.push(items[(this.#next - i + items.length) % items.length]!)
    return out
  }

  /** empties the ring where it is (holders keep it) */
  clear(): void {
    this.#items.length = 0
    this.#next = 0
  }
}

/** Which stages a listing reads: an API's, one stage's, or all. */
export interface StageFilter {
  apiId?: string
  stage?: string
}

/** One ring of `perStage` items for each API stage (apiId → stage → Ring), made on first use. */
export class StageRings<T> {
  readonly #rings = new Map<string, Map<string, Ring<T>>>()
  constructor(readonly perStage: number) {}

  /** the stage's ring, made empty if it has none yet */
  of(apiId: string, stage: string): Ring<T> {
    let stages = this.#rings.get(apiId)
    if (!stages) this.#rings.set(apiId, (stages = new Map()))
    let ring = stages.get(stage)
    if (!ring) stages.set(stage, (ring = new Ring<T>(this.perStage)))
    return ring
  }

  /** the rings of the stages `filter` names */
  *select(filter: StageFilter = {}): Iterable<Ring<T>> {
    for (const [apiId, stages] of this.#rings) {
      if (filter.apiId !== undefined && filter.apiId !== apiId) continue
      for (const [stage, ring] of stages) if (filter.stage === undefined || filter.stage === stage) yield ring
    }
  }

  /** empties every ring where it is: whoever holds one keeps it */
  clear(): void {
    for (const ring of this.select()) ring.clear()
  }
}
