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
