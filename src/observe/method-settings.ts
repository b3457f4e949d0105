import type { MethodSetting, Stage } from '../model/index.ts'
import type { MethodPlan } from '../gateway/types.ts'

/**
 * The stage setting that applies to one method: its own `resource/VERB` key, else `*\/*`.
 * Keys are as UpdateStage stored them (`pets/GET`, `~1pets~1{id}/GET`, `~1/GET` for the root):
 * `~1` decodes to `/` and a leading slash is dropped before comparing with the resource path.
 */
export function methodSetting(stage: Stage, method: Pick<MethodPlan, 'resourcePath' | 'httpMethod'>): Partial<MethodSetting> | undefined {
  const settings = stage.methodSettings ?? {}
  const wanted = method.resourcePath.replace(/^\//, '')
  for (const [key, setting] of Object.entries(settings)) {
    if (key === '*/*') continue
    const slash = key.lastIndexOf('/')
    if (key.slice(slash + 1) !== method.httpMethod) continue
    if (key.slice(0, slash).replaceAll('~1', '/').replace(/^\//, '') === wanted) return setting
  }
  return settings['*/*']
}
