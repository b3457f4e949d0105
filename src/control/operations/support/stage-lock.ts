/**
 * Stage changes are read-modify-write of one stage row (the store has no version for stages), so
 * within this process they run one at a time per stage: two concurrent UpdateStage calls each
 * see the other's result instead of one silently undoing the other.
 */
const tails = new Map<string, Promise<unknown>>()

export function withStageLock<T>(apiId: string, stageName: string, work: () => Promise<T>): Promise<T> {
  const key = `${apiId}\u0000${stageName}`
  const previous = tails.get(key) ?? Promise.resolve()
  const run = previous.then(work, work)
  const tail = run.catch(() => undefined)
  tails.set(key, tail)
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key)
  })
  return run
}
