/**
 * Loads the bundled CLI (dist/portico.cjs) with a V8 code cache, what Node 22's
 * `module.enableCompileCache()` does and Node 20 lacks: compiling the 1.4 MB bundle, and the
 * functions start-up runs, was ~30 % of a `portico serve` restart (issue 13's start-up goals;
 * bench/README.md). The cache holds the bytecode of every function compiled so far, so it is
 * written once the work worth caching has run: a second after a server says it is ready
 * (`portico:serve:ready` on node:diagnostics_channel) or when it stops sooner, else at exit; and
 * only when there was no valid cache, or a server started from one another command wrote.
 *
 * One file per bundle path, Node version and architecture, in $XDG_CACHE_HOME/portico or
 * ~/.cache/portico (else the temporary directory), never in one writable by others; it starts
 * with the SHA-1 of the bundle's bytes (a rebuild makes it stale: V8 itself checks only the
 * source's length). Nothing here may fail the command: a cache that cannot be read or written is
 * skipped silently. PORTICO_COMPILE_CACHE=0 turns it off; PORTICO_COMPILE_CACHE_DEBUG=1 says on
 * stderr what happened (`compile cache: hit|miss|rejected|written …|not written (…)|not used: …`).
 */
import { Buffer, isAscii } from 'node:buffer'
import { createHash } from 'node:crypto'
import diagnostics from 'node:diagnostics_channel'
import { lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir, tmpdir } from 'node:os'
import { performance } from 'node:perf_hooks'
import { setTimeout } from 'node:timers'
import { dirname, isAbsolute, join } from 'node:path'
import vm from 'node:vm'

const DIGEST_BYTES = 20
/** what the cache's functions ran: the byte after the digest */
const WRITTEN_AT_EXIT = 0
const WRITTEN_WHEN_READY = 1
/**
 * Writing takes tens of milliseconds of the event loop: not in the way of a server's first
 * requests, whose functions it then includes too. A server stopped sooner writes at exit.
 */
const AFTER_READY_MS = 1000

/** Runs the CommonJS file `filename` as Node's require() would, from a code cache when there is one. */
export function loadWithCompileCache(filename) {
  const require = createRequire(filename)
  // --enable-source-maps maps only what Node's own loaders compiled; Node before 20.12 cannot import() from a vm.Script
  if (process.env.PORTICO_COMPILE_CACHE === '0' || process.sourceMapsEnabled || vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER === undefined) {
    require(filename)
    return
  }
  const bytes = readFileSync(filename)
  const digest = createHash('sha1').update(bytes).digest()
  const file = cacheFile(filename)
  const usable = isPrivate(dirname(file))
  const cached = usable ? readCache(file, digest) : undefined
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8')}\n})`, {
    filename,
    ...(cached && { cachedData: cached.data }),
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  })
  const valid = cached !== undefined && !script.cachedDataRejected
  debug(!usable ? `not used: ${dirname(file)} is not private to this user` : cached === undefined ? 'miss' : valid ? 'hit' : 'rejected')

  let written = false
  const write = (writtenAt) => {
    written = true
    const started = performance.now()
    try {
      const data = script.createCachedData()
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
      const temporary = `${file}.${process.pid}.tmp`
      try {
        writeFileSync(temporary, Buffer.concat([digest, Buffer.of(writtenAt), data]))
        renameSync(temporary, file)
      } finally {
        rmSync(temporary, { force: true })
      }
      debug(`written (${data.length >> 10} KB in ${Math.round(performance.now() - started)} ms)`)
    } catch (error) {
      debug(`not written (${error.code ?? error.message})`)
    }
  }
  if (usable && (!valid || cached.writtenAt !== WRITTEN_WHEN_READY)) {
    let ready = false
    const onReady = () => {
      diagnostics.unsubscribe('portico:serve:ready', onReady)
      ready = true
      setTimeout(() => {
        if (!written) write(WRITTEN_WHEN_READY)
      }, AFTER_READY_MS).unref()
    }
    diagnostics.subscribe('portico:serve:ready', onReady)
    process.once('exit', () => {
      if (!written && (!valid || ready)) write(ready ? WRITTEN_WHEN_READY : WRITTEN_AT_EXIT)
    })
  }

  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, require, module, filename, dirname(filename))
}

/** the cache's bytecode for a bundle of this digest and when it was written, or undefined */
function readCache(file, digest) {
  let bytes
  try {
    bytes = readFileSync(file)
  } catch {
    return undefined
  }
  if (bytes.length <= DIGEST_BYTES + 1 || !bytes.subarray(0, DIGEST_BYTES).equals(digest)) return undefined
  return { writtenAt: bytes[DIGEST_BYTES], data: bytes.subarray(DIGEST_BYTES + 1) }
}

/**
 * Whether `dir` is missing or belongs to this user alone: bytecode from a cache runs as this
 * process, so a cache another user could have written (a shared temporary directory) is not read.
 */
function isPrivate(dir) {
  let stat
  try {
    stat = lstatSync(dir, { throwIfNoEntry: false })
  } catch {
    return true // not a directory we can reach: nothing to read, and writing will fail
  }
  if (stat === undefined) return true
  return stat.isDirectory() && (process.getuid === undefined || stat.uid === process.getuid()) && (stat.mode & 0o022) === 0
}

function cacheFile(filename) {
  const key = createHash('sha1').update(`${filename}\0${process.version}\0${process.arch}`).digest('hex').slice(0, 16)
  return join(cacheDir(), `cli-${key}.bin`)
}

function cacheDir() {
  const xdg = process.env.XDG_CACHE_HOME
  if (xdg && isAbsolute(xdg)) return join(xdg, 'portico')
  try {
    const home = homedir()
    if (home) return join(home, '.cache', 'portico')
  } catch {
    // no home directory (a service account without one): fall through
  }
  return join(tmpdir(), `portico-cache-${process.getuid?.() ?? 'user'}`)
}

function debug(what) {
  if (process.env.PORTICO_COMPILE_CACHE_DEBUG === '1') process.stderr.write(`compile cache: ${what}\n`)
}
