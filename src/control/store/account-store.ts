import type {
  Account,
  ApiKey,
  AuditEntry,
  ClientCertificate,
  UsageDay,
  UsagePlan,
  UsagePlanKey,
} from '../../model/account.ts'
import type { VpcLink } from '../../model/vpc-link.ts'
import type { V2VpcLink } from '../../model/v2-vpc-link.ts'

/**
 * The account-level half of the Store: API keys, usage plans and their keys, usage counts,
 * client certificates, the account row and the audit trail. Tags live on the tagged objects
 * themselves (RestApi, Stage, ApiKey, UsagePlan, ClientCertificate), never beside them. Lists come in creation
 * order. Reads hand out copies. Every write that touches several rows is one transaction.
 *
 * API key values pass only through these methods, so that encrypting them at rest (the
 * access-control issue) stays inside the implementation: callers always see plain values.
 */
export interface AccountStore {
  /** rejects with StoreConflictError when the id or the value is taken */
  createApiKey(key: ApiKey): Promise<void>
  getApiKey(id: string): Promise<ApiKey | undefined>
  /** the gateway's lookup for `x-api-key` */
  getApiKeyByValue(value: string): Promise<ApiKey | undefined>
  listApiKeys(): Promise<ApiKey[]>
  /**
   * replaces the key (its value included); rejects when it does not exist or the value is another
   * key's, and with StoreConflictError when `expected` (the key as the caller read it) is no longer stored
   */
  updateApiKey(key: ApiKey, expected?: ApiKey): Promise<void>
  /** also leaves every usage plan and drops its usage; false when it did not exist */
  deleteApiKey(id: string): Promise<boolean>
  /**
   * ImportApiKeys in one transaction: a key whose value already exists overwrites that key
   * (keeping its id and createdDate), others are created; then each joins its plans. Rejects,
   * writing nothing, when a plan does not exist or a key would be in too many plans.
   */
  importApiKeys(entries: ImportedApiKey[]): Promise<ApiKey[]>

  /** rejects with StoreConflictError when the id is taken */
  createUsagePlan(plan: UsagePlan): Promise<void>
  getUsagePlan(id: string): Promise<UsagePlan | undefined>
  /** every plan, or those `keyId` belongs to */
  listUsagePlans(filter?: { keyId?: string }): Promise<UsagePlan[]>
  /** rejects when it does not exist, and with StoreConflictError when `expected` is no longer what is stored */
  updateUsagePlan(plan: UsagePlan, expected?: UsagePlan): Promise<void>
  /** with its keys and usage; false when it did not exist */
  deleteUsagePlan(id: string): Promise<boolean>

  /**
   * Puts a key in a plan. Rejects with StoreConflictError when it is already there, with
   * StoreLimitError when the key is in MAX_PLANS_PER_KEY plans, and with StoreMissingError
   * when the plan or the key does not exist.
   */
  addUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey>
  getUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey | undefined>
  /** in the order keys joined the plan */
  listUsagePlanKeys(planId: string): Promise<UsagePlanKey[]>
  removeUsagePlanKey(planId: string, keyId: string): Promise<boolean>

  /**
   * adds `count` requests to a key's day in a plan (remaining, when set, goes down as much, not
   * below 0); nothing when the plan or the key no longer exists
   */
  addUsage(planId: string, keyId: string, day: string, count: number): Promise<void>
  /**
   * addUsage for many counts in one transaction (the data plane's periodic flush); counts for a
   * plan or key that no longer exists are dropped, so a deleted key cannot block the others
   */
  addUsages(entries: readonly UsageIncrement[]): Promise<void>
  /** sets a key's remaining quota as of `day` (UpdateUsage) */
  setRemaining(planId: string, keyId: string, day: string, remaining: number): Promise<void>
  /** recorded days `fromDay..toDay` inclusive, by key then day; only `keyId`'s when given */
  getUsage(planId: string, fromDay: string, toDay: string, keyId?: string): Promise<UsageDay[]>

  createClientCertificate(certificate: ClientCertificate): Promise<void>
  getClientCertificate(id: string): Promise<ClientCertificate | undefined>
  listClientCertificates(): Promise<ClientCertificate[]>
  /** rejects when it does not exist, and with StoreConflictError when `expected` is no longer what is stored */
  updateClientCertificate(certificate: ClientCertificate, expected?: ClientCertificate): Promise<void>
  deleteClientCertificate(id: string): Promise<boolean>

  /** AWS's defaults until first updated */
  getAccount(): Promise<Account>
  updateAccount(account: Account): Promise<void>

  appendAudit(entry: AuditEntry): Promise<void>
  /** newest last; `limit` keeps the newest entries (after skipping the newest `skip`), `since` (epoch ms) drops older ones */
  listAudit(options?: { limit?: number; since?: number; skip?: number }): Promise<AuditEntry[]>
}

/** VPC links (v1), account-level like client certificates; lists in creation order. */
export interface VpcLinkStore {
  /** rejects with StoreConflictError when the id is taken */
  createVpcLink(link: VpcLink): Promise<void>
  getVpcLink(id: string): Promise<VpcLink | undefined>
  listVpcLinks(): Promise<VpcLink[]>
  /** rejects when it does not exist */
  updateVpcLink(link: VpcLink): Promise<void>
  deleteVpcLink(id: string): Promise<boolean>
  /** apigatewayv2 VPC links (HTTP APIs), in their own table: v2 lists never show v1 links nor the reverse */
  createV2VpcLink(link: V2VpcLink): Promise<void>
  getV2VpcLink(id: string): Promise<V2VpcLink | undefined>
  listV2VpcLinks(): Promise<V2VpcLink[]>
  updateV2VpcLink(link: V2VpcLink): Promise<void>
  deleteV2VpcLink(id: string): Promise<boolean>
}

export interface UsageIncrement {
  planId: string
  keyId: string
  /** `YYYY-MM-DD`, UTC */
  day: string
  count: number
}

export interface ImportedApiKey {
  /** used as is when the value is new; a key with the same value keeps its id */
  key: ApiKey
  usagePlanIds: string[]
}
