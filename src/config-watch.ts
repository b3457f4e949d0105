/**
 * Follows the config file while Portico runs, so that `portico function add` or
 * `portico function alias … --weight` (or an editor) takes effect without a restart: the file's
 * functions, versions and aliases are reloaded into the function runtime. A file that does not
 * validate leaves the running functions as they were and says why.
 */
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { CONFIG_FILE_NAMES, loadConfigFile, type FunctionsConfig } from './config-file.ts'

export interface ConfigWatchOptions {
  /** the file PORTICO_CONFIG names; undefined: the first of CONFIG_FILE_NAMES in `cwd` (which may appear later) */
  path: string | undefined
  cwd?: string
  /** a new, valid config */
  onChange(config: FunctionsConfig): void
  /** a changed file that does not load (the running functions stay) */
  onError(error: Error): void
  /** quiet time after the last change before reading the file (default 100 ms): editors write in steps */
  debounceMs?: number
}

export interface ConfigWatch {
  close(): void
}

/** Watches the file's directory (editors replace files, so the file itself may be a new inode). */
export function watchConfigFile(options: ConfigWatchOptions): ConfigWatch {
  const cwd = options.cwd ?? process.cwd()
  const explicit = options.path === undefined ? undefined : resolve(cwd, options.path)
  const dir = explicit === undefined ? cwd : dirname(explicit)
  const names = new Set<string>(explicit === undefined ? CONFIG_FILE_NAMES : [basename(explicit)])
  const debounceMs = options.debounceMs ?? 100
  let timer: NodeJS.Timeout | undefined
  let closed = false
  let watcher: FSWatcher | undefined

  const reload = async (): Promise<void> => {
    try {
      const config = await loadConfigFile({ cwd, ...(explicit !== undefined && { path: explicit }) })
      if (!closed) options.onChange(config)
    } catch (error) {
      if (!closed) options.onError(error as Error)
    }
  }
  try {
    watcher = watch(dir, { persistent: false }, (_event, file) => {
      if (closed || (typeof file === 'string' && !names.has(file))) return
      clearTimeout(timer)
      timer = setTimeout(() => void reload(), debounceMs)
      timer.unref()
    })
    watcher.on('error', () => watcher?.close())
  } catch {
    // the directory went away: nothing to follow
  }
  return {
    close() {
      closed = true
      clearTimeout(timer)
      watcher?.close()
    },
  }
}
