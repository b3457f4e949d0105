/**
 * Account-level resources of API Gateway v1, with AWS's field names (botocore apigateway
 * 2015-07-09): API keys, usage plans and their keys, client certificates, the account's
 * settings, and the audit trail of management changes.
 */

export interface ApiKey {
  /** 10 lowercase alphanumerics, like every v1 id */
  id: string
  /** the secret: 20–128 characters */
  value: string
  name?: string
  customerId?: string
  description?: string
  enabled: boolean
  /** epoch seconds */
  createdDate: number
  lastUpdatedDate: number
  /** `{restApiId}/{stageName}` */
  stageKeys: string[]
  tags?: Record<string, string>
}

export interface ThrottleSettings {
  burstLimit?: number
  rateLimit?: number
}

export type QuotaPeriod = 'DAY' | 'WEEK' | 'MONTH'
export const QUOTA_PERIODS: readonly QuotaPeriod[] = ['DAY', 'WEEK', 'MONTH']

export interface QuotaSettings {
  limit?: number
  /** requests subtracted from the limit in the initial period */
  offset?: number
  period?: QuotaPeriod
}

export interface ApiStage {
  apiId: string
  stage: string
  /** keyed `/{resourcePath}/{METHOD}`, e.g. `/pets/GET` */
  throttle?: Record<string, ThrottleSettings>
}

export interface UsagePlan {
  id: string
  name: string
  description?: string
  apiStages: ApiStage[]
  throttle?: ThrottleSettings
  quota?: QuotaSettings
  productCode?: string
  tags?: Record<string, string>
}

/** A key's membership in a plan, as GetUsagePlanKeys shows it (value and name come from the key). */
export interface UsagePlanKey {
  id: string
  type: 'API_KEY'
  value: string
  name?: string
}

/** AWS allows a key in at most this many usage plans. */
export const MAX_PLANS_PER_KEY = 10

/** One key's counts on one UTC day of one plan. */
export interface UsageDay {
  keyId: string
  /** `YYYY-MM-DD`, UTC */
  day: string
  used: number
  /** set by UpdateUsage (`/remaining`), then lowered by later use that day; otherwise derived from the quota */
  remaining?: number
}

export interface ClientCertificate {
  clientCertificateId: string
  description?: string
  pemEncodedCertificate: string
  /** epoch seconds */
  createdDate: number
  expirationDate: number
  tags?: Record<string, string>
}

export interface Account {
  cloudwatchRoleArn?: string
  throttleSettings: { burstLimit: number; rateLimit: number }
  features: string[]
  apiKeyVersion: string
}

/** AWS's defaults for a fresh account (per region). */
export const DEFAULT_ACCOUNT: Readonly<Account> = Object.freeze({
  throttleSettings: Object.freeze({ burstLimit: 5000, rateLimit: 10000 }),
  features: Object.freeze(['UsagePlans']) as unknown as string[],
  apiKeyVersion: '4',
})

/** One successful management change. */
export interface AuditEntry {
  /** epoch milliseconds */
  time: number
  accessKeyId: string
  /** botocore operation name, e.g. `CreateApiKey` */
  operation: string
  /** the request path, e.g. `/apikeys/abc123` */
  resource: string
  requestId: string
  /** request parameters with secrets removed (see control/audit.ts) */
  parameters: Record<string, unknown>
}
