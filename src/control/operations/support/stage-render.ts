import type { CanarySettings, Deployment, Stage } from '../../../model/index.ts'
import { renderMethodSetting } from './method-settings.ts'

/** A Stage as GetStage sends it (botocore's member names; empty variables are left out, as AWS does). */
export function renderStage(stage: Stage): Record<string, unknown> {
  return {
    deploymentId: stage.deploymentId,
    ...(stage.clientCertificateId !== undefined && { clientCertificateId: stage.clientCertificateId }),
    stageName: stage.stageName,
    ...(stage.description !== undefined && { description: stage.description }),
    cacheClusterEnabled: stage.cacheClusterEnabled,
    ...(stage.cacheClusterSize !== undefined && { cacheClusterSize: stage.cacheClusterSize }),
    cacheClusterStatus: stage.cacheClusterStatus ?? (stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE'),
    methodSettings: Object.fromEntries(Object.entries(stage.methodSettings).map(([key, setting]) => [key, renderMethodSetting(setting)])),
    ...(stage.variables && Object.keys(stage.variables).length > 0 && { variables: { ...stage.variables } }),
    ...(stage.documentationVersion !== undefined && { documentationVersion: stage.documentationVersion }),
    ...(stage.accessLogSettings && { accessLogSettings: { ...stage.accessLogSettings } }),
    ...(stage.canarySettings && { canarySettings: renderCanary(stage.canarySettings) }),
    tracingEnabled: stage.tracingEnabled,
    ...(stage.webAclArn !== undefined && { webAclArn: stage.webAclArn }),
    ...(stage.tags && Object.keys(stage.tags).length > 0 && { tags: { ...stage.tags } }),
    createdDate: stage.createdDate,
    lastUpdatedDate: stage.lastUpdatedDate,
  }
}

function renderCanary(canary: CanarySettings): Record<string, unknown> {
  return {
    ...(canary.deploymentId !== undefined && { deploymentId: canary.deploymentId }),
    percentTraffic: canary.percentTraffic ?? 0,
    ...(canary.stageVariableOverrides && Object.keys(canary.stageVariableOverrides).length > 0 && { stageVariableOverrides: { ...canary.stageVariableOverrides } }),
    useStageCache: canary.useStageCache ?? false,
  }
}

/** A Deployment as AWS sends it: `apiSummary` only when asked for with `?embed=apisummary`. */
export function renderDeployment(deployment: Deployment, withSummary = false): Record<string, unknown> {
  return {
    id: deployment.id,
    ...(deployment.description !== undefined && { description: deployment.description }),
    createdDate: deployment.createdDate,
    ...(withSummary && { apiSummary: deployment.apiSummary ?? {} }),
  }
}
