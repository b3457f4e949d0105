/**
 * How many inputs each fuzz property tries. CI runs the short mode (the defaults here); the long
 * mode is `bench/fuzz.ts`, which runs the same files with PORTICO_FUZZ_RUNS set (≥ 1M inputs per
 * parser) and records the figures in bench/README.md. The short mode uses one fixed seed; the
 * long mode draws one per property and prints it on stderr before the first input (a run that
 * hangs must still say what it ran); a failure prints fast-check's seed and path, and
 * PORTICO_FUZZ_SEED replays it.
 */
export function fuzzRuns(short: number, variable = 'PORTICO_FUZZ_RUNS'): number {
  const text = process.env[variable]
  if (text === undefined || text === '') return short
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${variable} must be a positive integer, got ${JSON.stringify(text)}`)
  return n
}

/** CI's short run is the same every time, so a red CI is always reproducible; the long mode draws a new seed each run */
const SHORT_RUN_SEED = 20261207

/** fast-check parameters shared by every property: the run count and the seed (PORTICO_FUZZ_SEED replays one). */
export function fuzzParameters(short: number, variable?: string): { numRuns: number; seed: number; endOnFailure: true; includeErrorInReport: true } {
  const given = process.env.PORTICO_FUZZ_SEED
  const long = process.env.PORTICO_FUZZ_RUNS || process.env.PORTICO_FUZZ_HTTP_RUNS
  const seed = given ? Number(given) : long ? Math.floor(Math.random() * 2 ** 31) : SHORT_RUN_SEED
  const numRuns = fuzzRuns(short, variable)
  if (long) process.stderr.write(`fuzz: ${numRuns} inputs, seed ${seed} (replay: PORTICO_FUZZ_SEED=${seed})\n`)
  return { numRuns, seed, endOnFailure: true, includeErrorInReport: true }
}

/** every this many inputs a long run says how far it got */
const PROGRESS_EVERY = 10_000

/**
 * The property's predicate, counting its inputs: a long run prints `fuzz: N inputs in S s` on
 * stderr every 10,000, so a run ended by its time limit (bench/fuzz.ts) still says how far it got
 * and at what rate. The short run is left as it is.
 */
export function counted<A extends unknown[], R>(predicate: (...args: A) => R): (...args: A) => R {
  if (!(process.env.PORTICO_FUZZ_RUNS || process.env.PORTICO_FUZZ_HTTP_RUNS)) return predicate
  let inputs = 0
  const started = performance.now()
  return (...args) => {
    if (++inputs % PROGRESS_EVERY === 0) process.stderr.write(`fuzz: ${inputs} inputs in ${((performance.now() - started) / 1000).toFixed(0)} s\n`)
    return predicate(...args)
  }
}
