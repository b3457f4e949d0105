import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, statSync, type Stats } from 'node:fs'
import { join } from 'node:path'

/** Owner only: what a directory holding credentials, keys and configuration gets. */
export const PRIVATE_DIR_MODE = 0o700
export const PRIVATE_FILE_MODE = 0o600

/**
 * Makes `dir` private to the user the process runs as: created PRIVATE_DIR_MODE when missing
 * (with its parents), else chmod-ed to it; and each of `entries` that exists inside it (a file,
 * or a directory taken whole) stripped of group and other permissions. Only the entries named
 * are touched: the directory may be one the user chose, holding files that are not ours. Best
 * effort for entries (one owned by another user keeps its mode); the directory itself must
 * succeed, since its mode is what keeps everyone else out. Links inside are not followed.
 */
export function makePrivateDir(dir: string, entries: readonly string[]): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE })
  // the directory itself may be a link to where the user keeps it
  tighten(dir, statSync(dir))
  const pending = entries.map((name) => join(dir, name))
  while (pending.length > 0) {
    const path = pending.pop()!
    try {
      const stats = lstatSync(path)
      tighten(path, stats)
      if (stats.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name))
    } catch {
      // missing, or not ours to change
    }
  }
}

/** Creates `path` empty with PRIVATE_FILE_MODE unless it exists (for files another library creates with its own default mode). */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE))
}

function tighten(path: string, stats: Stats): void {
  // chmod would follow a link out of the directory
  if (stats.isSymbolicLink() || (stats.mode & 0o077) === 0) return
  chmodSync(path, (stats.mode & 0o777 & ~0o077) | (stats.isDirectory() ? 0o700 : 0o600))
}
