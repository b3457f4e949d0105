import type { PatchOperation } from '../patch.ts'
import type { Stage } from './stage-types.ts'

/**
 * The UpdateStage operations that take one stage-variable override off a canary. UpdateStage
 * refuses `remove` on `/canarySettings/stageVariableOverrides/{name}` (only `replace` is
 * accepted on a canary's paths), so the canary is written again in the same request: removed,
 * then its deployment, share, cache choice and the other overrides put back, applied in order as
 * one change — what AWS's console's "remove" of a canary variable amounts to.
 */
export function removeCanaryOverride(canary: NonNullable<Stage['canarySettings']>, name: string): PatchOperation[] {
  const others = Object.entries(canary.stageVariableOverrides ?? {}).filter(([k]) => k !== name)
  return [
    { op: 'remove', path: '/canarySettings' },
    ...(canary.deploymentId === undefined ? [] : [{ op: 'replace', path: '/canarySettings/deploymentId', value: canary.deploymentId } as const]),
    { op: 'replace', path: '/canarySettings/percentTraffic', value: String(canary.percentTraffic ?? 0) },
    { op: 'replace', path: '/canarySettings/useStageCache', value: String(canary.useStageCache ?? false) },
    ...others.map(([k, v]): PatchOperation => ({ op: 'replace', path: `/canarySettings/stageVariableOverrides/${k}`, value: v })),
  ]
}
