/**
 * bin/compile-cache.js: the bundled CLI starts from a V8 code cache in $XDG_CACHE_HOME/portico,
 * written by the first run and read by the next ones; a cache it cannot use or write never
 * changes what the command does. PORTICO_COMPILE_CACHE_DEBUG=1 says what the cache did.
 */
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { BUNDLED_ENTRY, portico, porticoServe, ROOT } from '../support/cli.ts'

/** the digest of the bundle and the byte saying when the cache was written, before V8's data */
const HEADER_BYTES = 21

describe('the code cache of the bundled CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portico-compile-cache-'))
  let cacheHome: string
  let cases = 0

  before(() => {
    assert.ok(statSync(join(ROOT, 'dist/portico.cjs'), { throwIfNoEntry: false }), 'the CLI is not bundled: run `npm run build`')
    writeFileSync(join(dir, 'esm.mjs'), 'export const handler = async (event) => ({ esm: event.name })\n')
    writeFileSync(join(dir, 'cjs.cjs'), 'exports.handler = async (event) => ({ cjs: event.name })\n')
    const functions = { esm: { handler: join(dir, 'esm.handler') }, cjs: { handler: join(dir, 'cjs.handler') } }
    writeFileSync(join(dir, 'portico.config.json'), JSON.stringify({ functions }))
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  /** each test its own cache directory */
  const freshCache = () => (cacheHome = join(dir, `cache-${++cases}`))
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ XDG_CACHE_HOME: cacheHome, PORTICO_COMPILE_CACHE_DEBUG: '1', ...extra })
  const cacheFiles = () => readdirSync(join(cacheHome, 'portico'), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => join(cacheHome, 'portico', f.name))
  const invoke = (name: string, extra?: NodeJS.ProcessEnv) =>
    portico(['function', 'invoke', name, '--payload', '{"name":"x"}', '--config', join(dir, 'portico.config.json')], env(extra), BUNDLED_ENTRY)

  it('is written by the first run and used by the next (ESM and CommonJS handlers still load)', () => {
    freshCache()
    const first = invoke('esm')
    assert.equal(first.code, 0, first.stderr)
    assert.deepEqual(JSON.parse(first.stdout), { esm: 'x' })
    assert.deepEqual(said(first.stderr), ['miss', 'written'])
    const [file, ...others] = cacheFiles()
    assert.equal(others.length, 0)
    const written = readFileSync(file!)

    const second = invoke('cjs')
    assert.equal(second.code, 0, second.stderr)
    assert.deepEqual(JSON.parse(second.stdout), { cjs: 'x' })
    assert.deepEqual(said(second.stderr), ['hit'])
    assert.deepEqual(readFileSync(file!), written, 'a run that used the cache does not write it again')
  })

  it('ignores a file of garbage and writes it anew', () => {
    freshCache()
    invoke('esm')
    const [file] = cacheFiles()
    writeFileSync(file!, Buffer.from('not a code cache at all'.repeat(100)))
    const run = invoke('esm')
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { esm: 'x' })
    assert.deepEqual(said(run.stderr), ['miss', 'written'])
    assert.deepEqual(said(invoke('esm').stderr), ['hit'])
  })

  it('rewrites a cache of this bundle that V8 rejects', () => {
    freshCache()
    invoke('esm')
    const [file] = cacheFiles()
    const header = readFileSync(file!).subarray(0, HEADER_BYTES)
    writeFileSync(file!, Buffer.concat([header, Buffer.alloc(4096, 0x5a)]))
    const run = invoke('esm')
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { esm: 'x' })
    assert.deepEqual(said(run.stderr), ['rejected', 'written'])
    assert.deepEqual(said(invoke('esm').stderr), ['hit'])
  })

  it('does not get in the way when the cache directory cannot be made', () => {
    freshCache()
    writeFileSync(cacheHome, 'a file where the cache directory would be')
    const quiet = portico(['--version'], { XDG_CACHE_HOME: cacheHome }, BUNDLED_ENTRY)
    assert.equal(quiet.code, 0, quiet.stderr)
    assert.equal(quiet.stdout.trim(), '0.1.0')
    assert.equal(quiet.stderr, '')
    assert.deepEqual(said(portico(['--version'], env(), BUNDLED_ENTRY).stderr), ['miss', 'not written (ENOTDIR)'])
  })

  it('neither reads nor writes a cache directory others may write to', () => {
    freshCache()
    invoke('esm')
    const [file] = cacheFiles()
    const before = readFileSync(file!)
    chmodSync(join(cacheHome, 'portico'), 0o777)
    const run = invoke('esm')
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { esm: 'x' })
    assert.deepEqual(said(run.stderr), [`not used: ${join(cacheHome, 'portico')} is not private to this user`])
    assert.deepEqual(readFileSync(file!), before)
  })

  it('writes nothing with PORTICO_COMPILE_CACHE=0', () => {
    freshCache()
    const run = invoke('esm', { PORTICO_COMPILE_CACHE: '0' })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { esm: 'x' })
    assert.deepEqual(said(run.stderr), [])
    assert.equal(statSync(cacheHome, { throwIfNoEntry: false }), undefined)
  })

  it("is not used under --enable-source-maps, so that Node's loader maps stack traces", () => {
    freshCache()
    const run = invoke('esm', { NODE_OPTIONS: '--enable-source-maps' })
    assert.equal(run.code, 0, run.stderr)
    assert.deepEqual(JSON.parse(run.stdout), { esm: 'x' })
    assert.deepEqual(said(run.stderr), [])
    assert.equal(statSync(cacheHome, { throwIfNoEntry: false }), undefined)
  })

  it('portico serve stopped before it wrote the cache writes it as it exits', async () => {
    freshCache()
    const args = ['--port', '0', '--data-dir', join(dir, 'data-stopped')]
    const first = await porticoServe(args, env(), BUNDLED_ENTRY)
    assert.equal(await first.stop(), 0)
    assert.deepEqual(said(first.stderr), ['miss', 'written'])
    const again = await porticoServe(args, env(), BUNDLED_ENTRY)
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500))
    } finally {
      assert.equal(await again.stop(), 0)
    }
    assert.deepEqual(said(again.stderr), ['hit'], "a server's cache, not rewritten by the next server")
  })

  it('portico serve rewrites the cache once ready when another command wrote it, then only reads it', async () => {
    freshCache()
    assert.deepEqual(said(portico(['--version'], env(), BUNDLED_ENTRY).stderr), ['miss', 'written'])
    const args = ['--port', '0', '--data-dir', join(dir, 'data')]
    const first = await porticoServe(args, env(), BUNDLED_ENTRY)
    try {
      await until(() => said(first.stderr).length === 2, first)
      assert.deepEqual(said(first.stderr), ['hit', 'written'])
    } finally {
      assert.equal(await first.stop(), 0)
    }
    const again = await porticoServe(args, env(), BUNDLED_ENTRY)
    try {
      await new Promise((resolve) => setTimeout(resolve, 1500))
      assert.deepEqual(said(again.stderr), ['hit'])
    } finally {
      assert.equal(await again.stop(), 0)
    }
    assert.deepEqual(said(again.stderr), ['hit'], 'stopping wrote nothing either')
  })
})

/** what PORTICO_COMPILE_CACHE_DEBUG=1 said, in order, without the written size and time */
function said(stderr: string): string[] {
  return [...stderr.matchAll(/^compile cache: (.*)$/gm)].map((m) => m[1]!.replace(/^written .*/, 'written'))
}

async function until(condition: () => boolean, server: { stderr: string }): Promise<void> {
  const deadline = Date.now() + 10_000
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out; stderr:\n${server.stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
