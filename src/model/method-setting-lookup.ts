import type { MethodSetting } from './deployment.ts'

/** A method's entry in a stage's methodSettings, and whether it is the method's own or `*\/*`. */
export interface FoundMethodSetting {
  setting: MethodSetting
  /** true: keyed by this resource and verb; false: the stage-wide `*\/*` */
  own: boolean
}

/**
 * The methodSettings entry for one method: its own (keyed `pets/GET`, `~1pets/GET`, `~1/GET`
 * for the root — the key is the path as the caller wrote it, `~1`-escaped or not), else `*\/*`,
 * else undefined. Compile-time only: it walks every key.
 */
export function findMethodSetting(settings: Readonly<Record<string, MethodSetting>>, resourcePath: string, verb: string): FoundMethodSetting | undefined {
  const wanted = resourcePath.replace(/^\//, '')
  for (const [key, setting] of Object.entries(settings)) {
    const slash = key.lastIndexOf('/')
    if (key === '*/*' || key.slice(slash + 1) !== verb) continue
    if (key.slice(0, slash).replace(/~1/g, '/').replace(/^\//, '') === wanted) return { setting, own: true }
  }
  const stageWide = settings['*/*']
  return stageWide && { setting: stageWide, own: false }
}
