/** The shapes of GetStage's answer that the stage views read. */

export interface MethodSetting {
  throttlingRateLimit?: number
  throttlingBurstLimit?: number
  loggingLevel?: string
  metricsEnabled?: boolean
  dataTraceEnabled?: boolean
  cachingEnabled?: boolean
  cacheTtlInSeconds?: number
}

export interface Stage {
  stageName: string
  deploymentId: string
  description?: string
  variables?: Record<string, string>
  methodSettings?: Record<string, MethodSetting>
  canarySettings?: { deploymentId?: string; percentTraffic?: number; stageVariableOverrides?: Record<string, string>; useStageCache?: boolean }
  tracingEnabled?: boolean
  cacheClusterEnabled?: boolean
  cacheClusterSize?: string
  cacheClusterStatus?: string
}

/** What every stage panel gets: the caller, the stage's management path, the stage, and its reload. */
export interface StageContext {
  call: import('../api.ts').Call
  apiId: string
  /** `/restapis/{id}/stages/{name}` */
  path: string
  stage: Stage
  reload: () => void
}
