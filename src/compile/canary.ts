import type { Stage } from '../model/index.ts'

/**
 * The stage as its canary release serves it: the canary's deployment, with the stage's variables
 * overlaid by `canarySettings.stageVariableOverrides` (canary-release: the canary "can override
 * stage variables and add new ones"). Undefined when no canary takes traffic: no canarySettings,
 * no canary deployment, or `percentTraffic` 0.
 */
export function canaryStage(stage: Stage): Stage | undefined {
  const canary = stage.canarySettings
  if (canary?.deploymentId === undefined || !((canary.percentTraffic ?? 0) > 0)) return undefined
  const variables = { ...stage.variables, ...canary.stageVariableOverrides }
  return { ...stage, deploymentId: canary.deploymentId, variables }
}
