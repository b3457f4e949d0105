/**
 * How many inputs each fuzz property tries. CI runs the short mode (the defaults here); the long
 * mode is `bench/fuzz.ts`, which runs the same files with PORTICO_FUZZ_RUNS set (≥ 1M inputs per
 * parser) and records the figures in bench/README.md. A failure prints fast-check's seed and
 * path; PORTICO_FUZZ_SEED replays it.
 */
export function fuzzRuns(short: number, variable = 'PORTICO_FUZZ_RUNS'): number {
  const text = process.env[variable]
  if (text === undefined || text === '') return short
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${variable} must be a positive integer, got ${JSON.stringify(text)}`)
  return n
}

/** fast-check parameters shared by every property: the run count and, when replaying, the seed. */
export function fuzzParameters(short: number, variable?: string): { numRuns: number; seed?: number; endOnFailure: true; includeErrorInReport: true } {
  const seed = process.env.PORTICO_FUZZ_SEED
  return { numRuns: fuzzRuns(short, variable), endOnFailure: true, includeErrorInReport: true, ...(seed ? { seed: Number(seed) } : {}) }
}
