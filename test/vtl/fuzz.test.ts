import { test } from 'node:test'
import assert from 'node:assert/strict'
import { compileTemplate, VtlRuntimeError, VtlSyntaxError } from '../../src/vtl/index.ts'
import { fuzzRuns } from '../fuzz/runs.ts'

/**
 * Random and mutated templates must only render or throw VtlSyntaxError/VtlRuntimeError:
 * never another exception, never hang, never exceed maxOutputBytes. Seeded, so a failure
 * reproduces; bounded by both a case count and a time budget.
 */
const CASES = fuzzRuns(3000)
/** CI's short run stops at 10 s whatever it reached; the long mode (bench/fuzz.ts) runs every case */
const BUDGET_MS = process.env.PORTICO_FUZZ_RUNS ? Infinity : 10_000
const LIMITS = { maxOutputBytes: 64 * 1024, maxTotalIterations: 5000, maxForeachIterations: 200, maxDepth: 24 }

function prng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SEEDS = [
  '#set($a = 1)$a', '#if($a)x#{else}y#end', '#foreach($i in [1..3])$i#end', '#macro(m $x)[$x]#end#m($a)',
  '$l.size() $l[0] $m.k $m.get("k")', '#set($s = "a$b")$s.replaceAll("a", "b")', '#define($d)D#end$d',
  '\\$a \\\\$b \\#if', '## c\n#* b *#', '#[[ raw ]]#', '#set($m.x = [1, {"a": 2}])$m', '$s.split(",")',
  '#foreach($x in $l)#if($foreach.hasNext),#end#end', '#stop', '#break', '#set($n = $n + 1.5 * 2 / 0 % 3)',
  '#macro(r $n)#r($n)#end#r(1)', '#foreach($i in [1..50])#set($s = "$s$s")#end', '${a}$!{b}$!c',
  '#if($a == "1" && !$b || $c < 2)ok#elseif($d)#end', '#set($l = [])#foreach($i in [1..9])#set($x = $l.add($l))#end$l',
]
const ATOMS = [
  '$', '#', '\\', '{', '}', '(', ')', '[', ']', '"', "'", '.', ',', '!', '=', '..', ' ', '\n', '\t', '*', '##', '#*', '*#',
  '#if(', '#else', '#elseif(', '#end', '#foreach(', ' in ', '#set(', '#macro(', '#break', '#stop', '#define(', '$a', '$l',
  '$m', '$s', '$n', '$!a', '$j', '$bean', '.boom()', '.echo($a, 1)', '.name', '.size', '${a}', '.size()', '.get(0)', '[0]', '.k', '1', '-1', '2.5', 'true', '&&', '||', '+', '-', '/',
  '%', '==', '<', '#[[', ']]#', '\\$a', '#@m(', '#m(', '$foreach.count', '"$a"', "'x'", '[1..3]', '{"k": 1}', 'x',
]
class Bean {
  name = 'bean'
  getSize(): number { return 3 }
  boom(): never { throw new Error('binding failure') }
  echo(...args: unknown[]): unknown[] { return args }
}
const VARS = () => ({
  a: 'A', l: [1, 'two', 3.5, null], m: { k: 'v', n: [1, 2] }, s: 'a,b,,c', n: 7, b: true, c: 1, d: false,
  j: new Map<unknown, unknown>([['k', 1], [2, [3]]]), bean: new Bean(),
})

function mutate(rnd: () => number, src: string): string {
  let s = src
  const edits = 1 + Math.floor(rnd() * 4)
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(rnd() * (s.length + 1))
    const op = rnd()
    if (op < 0.4) s = s.slice(0, at) + ATOMS[Math.floor(rnd() * ATOMS.length)] + s.slice(at)
    else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 3))
    else if (op < 0.85) s = s.slice(0, at) + s.slice(at).split('').reverse().join('').slice(0, 3) + s.slice(at)
    else s = s + SEEDS[Math.floor(rnd() * SEEDS.length)]!
  }
  return s
}

function randomTemplate(rnd: () => number): string {
  let s = ''
  const n = 1 + Math.floor(rnd() * 25)
  for (let i = 0; i < n; i++) s += rnd() < 0.2 ? SEEDS[Math.floor(rnd() * SEEDS.length)]! : ATOMS[Math.floor(rnd() * ATOMS.length)]!
  return s
}

test('fuzzed templates only render or throw Vtl errors', () => {
  const rnd = prng(0xc0ffee)
  const deadline = Date.now() + BUDGET_MS
  const outcomes = { rendered: 0, syntax: 0, runtime: 0 }
  for (let i = 0; i < CASES && Date.now() < deadline; i++) {
    const source = rnd() < 0.5 ? randomTemplate(rnd) : mutate(rnd, SEEDS[Math.floor(rnd() * SEEDS.length)]!)
    try {
      const out = compileTemplate(source, { limits: LIMITS }).render(VARS())
      assert.ok(Buffer.byteLength(out) <= LIMITS.maxOutputBytes, `output too large for ${JSON.stringify(source)}`)
      outcomes.rendered++
    } catch (e) {
      if (e instanceof VtlSyntaxError) {
        assert.ok(e.line >= 1 && e.column >= 1, `bad position for ${JSON.stringify(source)}`)
        outcomes.syntax++
      } else if (e instanceof VtlRuntimeError) outcomes.runtime++
      else assert.fail(`template ${JSON.stringify(source)} threw ${String(e)}\n${(e as Error).stack}`)
    }
  }
  assert.ok(outcomes.rendered > 100, `too few renders: ${JSON.stringify(outcomes)}`)
  if (process.env.FUZZ_VERBOSE) console.log(outcomes)
})
