import type { Database, Transaction } from 'better-sqlite3'
import {
  apiIdOf,
  deploymentIdOf,
  type AnyDeployment,
  type AnyStage,
  type ApiDefinition,
  type ApiProtocol,
  type DeploymentOf,
  type RestApi,
  type StageOf,
  type V2Api,
  type V2ApiContent,
} from '../../../model/index.ts'
import type { AccountStore, ImportedApiKey, UsageIncrement } from '../account-store.ts'
import { type DefinitionOf, type StageEntry, type Store, StoreConflictError, type StoredApi } from '../store.ts'
import { StoreWatchers, type AccountResource, type StoreChange, type StoreWatcher } from '../store-watch.ts'
import type {
  Account,
  ApiKey,
  AuditEntry,
  ClientCertificate,
  UsageDay,
  UsagePlan,
  UsagePlanKey,
} from '../../../model/account.ts'
import { SqliteAccountTables } from './account-tables.ts'
import { SqliteDomainTables } from './domain-tables.ts'
import type { Certificate, DomainRecord } from '../../../model/domain.ts'
import { SqliteVpcLinkTable } from './vpc-link-table.ts'
import type { VpcLink } from '../../../model/vpc-link.ts'
import type { V2VpcLink } from '../../../model/v2-vpc-link.ts'
import { loadApiKeyCipher, type ApiKeyCipher } from './api-key-cipher.ts'
import { ApiDefinitionCache } from './api-definition-cache.ts'
import { readDefinition, replaceChildRows } from './api-definition-rows.ts'
import { openDatabase } from './open-database.ts'
import { StatementCache } from './statement-cache.ts'

export interface SqliteStoreOptions {
  /** directory holding `portico.db`; created, with its parents, when missing */
  dataDir: string
  /** how long a write waits for another process's lock, default 5000 ms */
  busyTimeoutMs?: number
  /** encrypts API key values at rest (PORTICO_API_KEY_SECRET); else `<dataDir>/api-key-secret`, created once */
  apiKeySecret?: string
}

/** Opens (creating and migrating as needed) the embedded store in `dataDir`. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<SqliteStore> {
  const db = openDatabase({ dataDir: options.dataDir, busyTimeoutMs: options.busyTimeoutMs })
  try {
    return new SqliteStore(db, loadApiKeyCipher(options.dataDir, options.apiKeySecret))
  } catch (error) {
    db.close()
    throw error
  }
}

/**
 * An API's protocol, from the object its `rest_apis` row holds: apigatewayv2's Api names its
 * `protocolType` (HTTP, WEBSOCKET); a RestApi has none. The table keeps its name (every child
 * table refers to it) and holds every API, so ids stay unique across protocols, as
 * `{apiId}.execute-api.…` needs; an HTTP or WebSocket API has no child rows yet.
 */
const PROTOCOL_OF = (table: string): string => `coalesce(json_extract(${table}.json, '$.protocolType'), 'REST')`
const PROTOCOL = PROTOCOL_OF('rest_apis')

const IN_USE_MESSAGE = 'Active stages pointing to this deployment must be moved or deleted'

/** what reset() removed, to announce */
interface ResetRemoved {
  stages: Array<{ apiId: string; stageName: string }>
  apiIds: string[]
  keys: boolean
  plans: boolean
}

interface StageRow {
  api_id: string
  protocol: ApiProtocol
  json: string
}

/** An HTTP API saved before it had parts has none. */
const NO_CONTENT: V2ApiContent = { routes: [], integrations: [], authorizers: [], models: [], routeResponses: {}, integrationResponses: {} }

/**
 * The embedded Store: one better-sqlite3 connection, normalised tables (see schema-v1.ts).
 * better-sqlite3 is synchronous; the methods are async only to honour the contract. Writes run
 * in IMMEDIATE transactions so that several processes sharing the file queue on the busy
 * timeout instead of failing when a read lock cannot be upgraded. Each write is announced to
 * this object's watchers after it commits; writes by other processes sharing the file are not.
 */
export class SqliteStore implements Store {
  /** the database file */
  readonly file: string
  readonly #db: Database
  readonly #sql: StatementCache
  readonly #vpcLinks: SqliteVpcLinkTable<VpcLink>
  readonly #v2VpcLinks: SqliteVpcLinkTable<V2VpcLink>
  // a read transaction: every SELECT sees the same committed version of the API
  readonly #readApi: Transaction<(apiId: string) => StoredApi | undefined>
  readonly #saveApi: Transaction<(definition: ApiDefinition, expectedVersion: number | undefined) => number>
  readonly #deleteApi: Transaction<(apiId: string, protocol: ApiProtocol) => string[] | undefined>
  readonly #createDeployment: Transaction<(apiId: string, deployment: AnyDeployment, snapshot: ApiDefinition, stage: AnyStage | undefined) => void>
  readonly #deleteDeployment: Transaction<(apiId: string, deploymentId: string) => boolean>
  readonly #putStage: Transaction<(apiId: string, stage: AnyStage) => void>
  readonly #reset: Transaction<() => ResetRemoved>
  readonly #account: AccountStore
  readonly #domains: SqliteDomainTables
  readonly #assembled = new ApiDefinitionCache()
  readonly #watchers = new StoreWatchers()

  constructor(db: Database, cipher: ApiKeyCipher) {
    this.#db = db
    this.#sql = new StatementCache(db)
    this.file = db.name
    this.#readApi = db.transaction((apiId) => this.#readApiRows(apiId))
    this.#saveApi = db.transaction((definition, expectedVersion) => this.#writeApiRows(definition, expectedVersion))
    this.#deleteApi = db.transaction((apiId, protocol) => this.#removeApi(apiId, protocol))
    this.#createDeployment = db.transaction((apiId, deployment, snapshot, stage) => {
      this.#insertDeployment(apiId, deployment, snapshot)
      if (stage !== undefined) this.#upsertStage(apiId, stage)
    })
    this.#deleteDeployment = db.transaction((apiId, deploymentId) => this.#removeDeployment(apiId, deploymentId))
    this.#putStage = db.transaction((apiId, stage) => this.#upsertStage(apiId, stage))
    this.#reset = db.transaction(() => this.#removeAll())
    this.#account = new SqliteAccountTables(db, this.#sql, cipher)
    this.#domains = new SqliteDomainTables(this.#sql, cipher)
    this.#vpcLinks = new SqliteVpcLinkTable<VpcLink>(this.#sql, 'vpc_links', (link) => link.id)
    this.#v2VpcLinks = new SqliteVpcLinkTable<V2VpcLink>(this.#sql, 'v2_vpc_links', (link) => link.vpcLinkId)
  }

  watch(watcher: StoreWatcher): () => void {
    return this.#watchers.add(watcher)
  }

  async listRestApis(): Promise<RestApi[]> {
    return this.#sql
      .get<[], string>(`SELECT json FROM rest_apis WHERE ${PROTOCOL} = 'REST' ORDER BY seq`)
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as RestApi)
  }

  async getRestApi(apiId: string): Promise<RestApi | undefined> {
    const json = this.#sql.get<[string], string>(`SELECT json FROM rest_apis WHERE id = ? AND ${PROTOCOL} = 'REST'`).pluck().get(apiId)
    return json === undefined ? undefined : (JSON.parse(json) as RestApi)
  }

  async listV2Apis(): Promise<V2Api[]> {
    return this.#sql
      .get<[], string>(`SELECT json FROM rest_apis WHERE ${PROTOCOL} <> 'REST' ORDER BY seq`)
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as V2Api)
  }

  async getApi<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<StoredApi<DefinitionOf<P>> | undefined> {
    const stored = this.#readApi(apiId)
    return stored?.definition.protocol === (protocol ?? 'REST') ? (stored as StoredApi<DefinitionOf<P>>) : undefined
  }

  async saveApi(definition: ApiDefinition, expectedVersion?: number): Promise<number> {
    const version = this.#saveApi.immediate(definition, expectedVersion)
    this.#watchers.announce({ kind: 'api', apiId: apiIdOf(definition), deleted: false })
    return version
  }

  async deleteApi(apiId: string, protocol: ApiProtocol = 'REST'): Promise<boolean> {
    const stageNames = this.#deleteApi.immediate(apiId, protocol)
    if (stageNames === undefined) return false
    this.#assembled.delete(apiId)
    this.#watchers.announce(
      ...stageNames.map((stageName): StoreChange => ({ kind: 'stage', apiId, stageName, deploymentId: undefined })),
      { kind: 'api', apiId, deleted: true },
    )
    return true
  }

  async createDeployment(apiId: string, deployment: AnyDeployment, snapshot: ApiDefinition, stage?: AnyStage): Promise<void> {
    this.#createDeployment.immediate(apiId, deployment, snapshot, stage)
    if (stage !== undefined) this.#announceStage(apiId, stage)
  }

  async listDeployments<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<Array<DeploymentOf<P>>> {
    if (!this.#isOf(apiId, protocol)) return []
    return this.#sql
      .get<[string], string>('SELECT json FROM deployments WHERE api_id = ? ORDER BY seq')
      .pluck()
      .all(apiId)
      .map((json) => JSON.parse(json) as DeploymentOf<P>)
  }

  async getDeployment<P extends ApiProtocol = 'REST'>(apiId: string, deploymentId: string, protocol?: P): Promise<DeploymentOf<P> | undefined> {
    if (!this.#isOf(apiId, protocol)) return undefined
    const json = this.#sql
      .get<[string, string], string>('SELECT json FROM deployments WHERE api_id = ? AND id = ?')
      .pluck()
      .get(apiId, deploymentId)
    return json === undefined ? undefined : (JSON.parse(json) as DeploymentOf<P>)
  }

  async getDeploymentSnapshot(apiId: string, deploymentId: string): Promise<ApiDefinition | undefined> {
    const json = this.#sql
      .get<[string, string], string>('SELECT snapshot FROM deployments WHERE api_id = ? AND id = ?')
      .pluck()
      .get(apiId, deploymentId)
    return json === undefined ? undefined : withProtocol(JSON.parse(json) as ApiDefinition)
  }

  async updateDeployment(apiId: string, deployment: AnyDeployment): Promise<void> {
    const id = deploymentIdOf(deployment)
    const { changes } = this.#sql
      .get('UPDATE deployments SET json = ? WHERE api_id = ? AND id = ?')
      .run(JSON.stringify(deployment), apiId, id)
    if (changes === 0) throw new Error(`Deployment ${id} of API ${apiId} does not exist`)
  }

  async deleteDeployment(apiId: string, deploymentId: string): Promise<boolean> {
    return this.#deleteDeployment.immediate(apiId, deploymentId)
  }

  async listStages<P extends ApiProtocol = 'REST'>(apiId: string, protocol?: P): Promise<Array<StageOf<P>>> {
    if (!this.#isOf(apiId, protocol)) return []
    return this.#sql
      .get<[string], string>('SELECT json FROM stages WHERE api_id = ? ORDER BY seq')
      .pluck()
      .all(apiId)
      .map((json) => JSON.parse(json) as StageOf<P>)
  }

  async getStage<P extends ApiProtocol = 'REST'>(apiId: string, stageName: string, protocol?: P): Promise<StageOf<P> | undefined> {
    if (!this.#isOf(apiId, protocol)) return undefined
    const json = this.#sql
      .get<[string, string], string>('SELECT json FROM stages WHERE api_id = ? AND stage_name = ?')
      .pluck()
      .get(apiId, stageName)
    return json === undefined ? undefined : (JSON.parse(json) as StageOf<P>)
  }

  async getAnyStage(apiId: string, stageName: string): Promise<StageEntry | undefined> {
    const row = this.#sql
      .get<[string, string], StageRow>(
        `SELECT s.api_id, ${PROTOCOL_OF('a')} AS protocol, s.json FROM stages s JOIN rest_apis a ON a.id = s.api_id WHERE s.api_id = ? AND s.stage_name = ?`,
      )
      .get(apiId, stageName)
    return row === undefined ? undefined : stageEntry(row)
  }

  async putStage(apiId: string, stage: AnyStage): Promise<void> {
    this.#putStage.immediate(apiId, stage)
    this.#announceStage(apiId, stage)
  }

  async deleteStage(apiId: string, stageName: string): Promise<boolean> {
    const deleted = this.#sql.get('DELETE FROM stages WHERE api_id = ? AND stage_name = ?').run(apiId, stageName).changes > 0
    if (deleted) this.#watchers.announce({ kind: 'stage', apiId, stageName, deploymentId: undefined })
    return deleted
  }

  async listAllStages(): Promise<StageEntry[]> {
    return this.#sql
      .get<[], StageRow>(
        `SELECT s.api_id, ${PROTOCOL_OF('a')} AS protocol, s.json FROM stages s JOIN rest_apis a ON a.id = s.api_id ORDER BY a.seq, s.seq`,
      )
      .all()
      .map(stageEntry)
  }

  async reset(): Promise<void> {
    const removed = this.#reset.immediate()
    for (const apiId of removed.apiIds) this.#assembled.delete(apiId)
    const changes: StoreChange[] = []
    for (const { apiId, stageName } of removed.stages) changes.push({ kind: 'stage', apiId, stageName, deploymentId: undefined })
    for (const apiId of removed.apiIds) changes.push({ kind: 'api', apiId, deleted: true })
    if (removed.keys) changes.push({ kind: 'account', resource: 'api-key' })
    if (removed.plans) changes.push({ kind: 'account', resource: 'usage-plan' }, { kind: 'account', resource: 'usage-plan-key' })
    this.#watchers.announce(...changes)
  }

  // AccountStore: account-tables.ts

  async createApiKey(key: ApiKey): Promise<void> {
    await this.#account.createApiKey(key)
    this.#announceAccount('api-key')
  }
  getApiKey(id: string): Promise<ApiKey | undefined> {
    return this.#account.getApiKey(id)
  }
  getApiKeyByValue(value: string): Promise<ApiKey | undefined> {
    return this.#account.getApiKeyByValue(value)
  }
  listApiKeys(): Promise<ApiKey[]> {
    return this.#account.listApiKeys()
  }
  async updateApiKey(key: ApiKey, expected?: ApiKey): Promise<void> {
    await this.#account.updateApiKey(key, expected)
    this.#announceAccount('api-key')
  }
  async deleteApiKey(id: string): Promise<boolean> {
    const deleted = await this.#account.deleteApiKey(id)
    if (deleted) this.#announceAccount('api-key')
    return deleted
  }
  async importApiKeys(entries: ImportedApiKey[]): Promise<ApiKey[]> {
    const keys = await this.#account.importApiKeys(entries)
    if (keys.length > 0) this.#announceAccount('api-key')
    if (entries.some((entry) => entry.usagePlanIds.length > 0)) this.#announceAccount('usage-plan-key')
    return keys
  }
  async createUsagePlan(plan: UsagePlan): Promise<void> {
    await this.#account.createUsagePlan(plan)
    this.#announceAccount('usage-plan')
  }
  getUsagePlan(id: string): Promise<UsagePlan | undefined> {
    return this.#account.getUsagePlan(id)
  }
  listUsagePlans(filter?: { keyId?: string }): Promise<UsagePlan[]> {
    return this.#account.listUsagePlans(filter)
  }
  async updateUsagePlan(plan: UsagePlan, expected?: UsagePlan): Promise<void> {
    await this.#account.updateUsagePlan(plan, expected)
    this.#announceAccount('usage-plan')
  }
  async deleteUsagePlan(id: string): Promise<boolean> {
    const deleted = await this.#account.deleteUsagePlan(id)
    if (deleted) this.#announceAccount('usage-plan')
    return deleted
  }
  async addUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey> {
    const added = await this.#account.addUsagePlanKey(planId, keyId)
    this.#announceAccount('usage-plan-key')
    return added
  }
  getUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey | undefined> {
    return this.#account.getUsagePlanKey(planId, keyId)
  }
  listUsagePlanKeys(planId: string): Promise<UsagePlanKey[]> {
    return this.#account.listUsagePlanKeys(planId)
  }
  async removeUsagePlanKey(planId: string, keyId: string): Promise<boolean> {
    const removed = await this.#account.removeUsagePlanKey(planId, keyId)
    if (removed) this.#announceAccount('usage-plan-key')
    return removed
  }
  addUsage(planId: string, keyId: string, day: string, count: number): Promise<void> {
    return this.#account.addUsage(planId, keyId, day, count)
  }
  addUsages(entries: readonly UsageIncrement[]): Promise<void> {
    return this.#account.addUsages(entries)
  }
  async setRemaining(planId: string, keyId: string, day: string, remaining: number): Promise<void> {
    await this.#account.setRemaining(planId, keyId, day, remaining)
    this.#watchers.announce({ kind: 'remaining', usagePlanId: planId, keyId })
  }
  getUsage(planId: string, fromDay: string, toDay: string, keyId?: string): Promise<UsageDay[]> {
    return this.#account.getUsage(planId, fromDay, toDay, keyId)
  }
  async createClientCertificate(certificate: ClientCertificate): Promise<void> {
    await this.#account.createClientCertificate(certificate)
    this.#announceAccount('client-certificate')
  }
  getClientCertificate(id: string): Promise<ClientCertificate | undefined> {
    return this.#account.getClientCertificate(id)
  }
  listClientCertificates(): Promise<ClientCertificate[]> {
    return this.#account.listClientCertificates()
  }
  async updateClientCertificate(certificate: ClientCertificate, expected?: ClientCertificate): Promise<void> {
    await this.#account.updateClientCertificate(certificate, expected)
    this.#announceAccount('client-certificate')
  }
  async deleteClientCertificate(id: string): Promise<boolean> {
    const deleted = await this.#account.deleteClientCertificate(id)
    if (deleted) this.#announceAccount('client-certificate')
    return deleted
  }
  async putCertificate(certificate: Certificate, privateKeyPem: string): Promise<void> {
    await this.#domains.putCertificate(certificate, privateKeyPem)
    this.#announceAccount('certificate')
  }
  getCertificate(arn: string): Promise<Certificate | undefined> {
    return this.#domains.getCertificate(arn)
  }
  getCertificateKey(arn: string): Promise<string | undefined> {
    return this.#domains.getCertificateKey(arn)
  }
  listCertificates(): Promise<Certificate[]> {
    return this.#domains.listCertificates()
  }
  async deleteCertificate(arn: string): Promise<boolean> {
    const deleted = await this.#domains.deleteCertificate(arn)
    if (deleted) this.#announceAccount('certificate')
    return deleted
  }
  async createDomainName(record: DomainRecord): Promise<void> {
    await this.#domains.createDomainName(record)
    this.#announceAccount('domain-name')
  }
  getDomainName(domainName: string): Promise<DomainRecord | undefined> {
    return this.#domains.getDomainName(domainName)
  }
  listDomainNames(): Promise<DomainRecord[]> {
    return this.#domains.listDomainNames()
  }
  async updateDomainName(record: DomainRecord): Promise<void> {
    await this.#domains.updateDomainName(record)
    this.#announceAccount('domain-name')
  }
  async deleteDomainName(domainName: string): Promise<boolean> {
    const deleted = await this.#domains.deleteDomainName(domainName)
    if (deleted) this.#announceAccount('domain-name')
    return deleted
  }
  async setClientCertificateKey(id: string, privateKeyPem: string): Promise<void> {
    await this.#domains.setClientCertificateKey(id, privateKeyPem)
    this.#announceAccount('client-certificate')
  }
  getClientCertificateKey(id: string): Promise<string | undefined> {
    return this.#domains.getClientCertificateKey(id)
  }
  async createVpcLink(link: VpcLink): Promise<void> {
    this.#vpcLinks.create(link)
    this.#announceAccount('vpc-link')
  }
  async getVpcLink(id: string): Promise<VpcLink | undefined> {
    return this.#vpcLinks.get(id)
  }
  async listVpcLinks(): Promise<VpcLink[]> {
    return this.#vpcLinks.list()
  }
  async updateVpcLink(link: VpcLink): Promise<void> {
    this.#vpcLinks.update(link)
    this.#announceAccount('vpc-link')
  }
  async deleteVpcLink(id: string): Promise<boolean> {
    const deleted = this.#vpcLinks.delete(id)
    if (deleted) this.#announceAccount('vpc-link')
    return deleted
  }
  async createV2VpcLink(link: V2VpcLink): Promise<void> {
    this.#v2VpcLinks.create(link)
    this.#announceAccount('vpc-link')
  }
  async getV2VpcLink(id: string): Promise<V2VpcLink | undefined> {
    return this.#v2VpcLinks.get(id)
  }
  async listV2VpcLinks(): Promise<V2VpcLink[]> {
    return this.#v2VpcLinks.list()
  }
  async updateV2VpcLink(link: V2VpcLink): Promise<void> {
    this.#v2VpcLinks.update(link)
    this.#announceAccount('vpc-link')
  }
  async deleteV2VpcLink(id: string): Promise<boolean> {
    const deleted = this.#v2VpcLinks.delete(id)
    if (deleted) this.#announceAccount('vpc-link')
    return deleted
  }
  getAccount(): Promise<Account> {
    return this.#account.getAccount()
  }
  async updateAccount(account: Account): Promise<void> {
    await this.#account.updateAccount(account)
    this.#announceAccount('account')
  }
  appendAudit(entry: AuditEntry): Promise<void> {
    return this.#account.appendAudit(entry)
  }
  listAudit(options?: { limit?: number; since?: number; skip?: number }): Promise<AuditEntry[]> {
    return this.#account.listAudit(options)
  }

  async close(): Promise<void> {
    if (!this.#db.open) return
    // SQLite's advice for long-lived connections: refresh planner statistics where they changed
    this.#db.pragma('optimize')
    this.#db.close()
  }

  #announceStage(apiId: string, stage: AnyStage): void {
    this.#watchers.announce({ kind: 'stage', apiId, stageName: stage.stageName, deploymentId: stage.deploymentId })
  }

  #announceAccount(resource: AccountResource): void {
    this.#watchers.announce({ kind: 'account', resource })
  }

  /** the names of the API's stages, gone with it; undefined when it did not exist with that protocol */
  #removeApi(apiId: string, protocol: ApiProtocol): string[] | undefined {
    if (this.#row(apiId)?.protocol !== protocol) return undefined
    const stageNames = this.#sql
      .get<[string], string>('SELECT stage_name FROM stages WHERE api_id = ? ORDER BY seq')
      .pluck()
      .all(apiId)
    // the other tables follow through ON DELETE CASCADE
    this.#sql.get('DELETE FROM rest_apis WHERE id = ?').run(apiId)
    return stageNames
  }

  #removeAll(): ResetRemoved {
    const stages = this.#sql
      .get<[], { apiId: string; stageName: string }>('SELECT s.api_id AS apiId, s.stage_name AS stageName FROM stages s JOIN rest_apis a ON a.id = s.api_id ORDER BY a.seq, s.seq')
      .all()
    const apiIds = this.#sql.get<[], string>('SELECT id FROM rest_apis ORDER BY seq').pluck().all()
    // the APIs' child rows, plan keys and usage follow through ON DELETE CASCADE
    this.#sql.get('DELETE FROM rest_apis').run()
    const plans = this.#sql.get('DELETE FROM usage_plans').run().changes > 0
    const keys = this.#sql.get('DELETE FROM api_keys').run().changes > 0
    return { stages, apiIds, keys, plans }
  }

  #readApiRows(apiId: string): StoredApi | undefined {
    const row = this.#sql
      .get<[string], { seq: number; version: number; protocol: ApiProtocol }>(`SELECT seq, version, ${PROTOCOL} AS protocol FROM rest_apis WHERE id = ?`)
      .get(apiId)
    if (row === undefined) {
      this.#assembled.delete(apiId)
      return undefined
    }
    const kept = this.#assembled.get(apiId, row.seq, row.version)
    if (kept !== undefined) return { definition: kept, version: row.version }
    const { json, content } = this.#sql.get<[string], { json: string; content: string | null }>('SELECT json, content FROM rest_apis WHERE id = ?').get(apiId)!
    const definition: ApiDefinition =
      row.protocol === 'REST'
        ? readDefinition(this.#sql, JSON.parse(json) as RestApi)
        : row.protocol === 'HTTP'
          ? { protocol: 'HTTP', api: JSON.parse(json) as V2Api, ...(content === null ? structuredClone(NO_CONTENT) : (JSON.parse(content) as V2ApiContent)) }
          : { protocol: row.protocol, api: JSON.parse(json) as V2Api }
    return { definition: this.#assembled.set(apiId, row.seq, row.version, definition), version: row.version }
  }

  #writeApiRows(definition: ApiDefinition, expectedVersion: number | undefined): number {
    const apiId = apiIdOf(definition)
    const stored = this.#row(apiId)
    if (stored !== undefined && stored.protocol !== definition.protocol) {
      throw new StoreConflictError(`API ${apiId} is a ${stored.protocol} API, not ${definition.protocol}`)
    }
    if (expectedVersion !== undefined && (stored?.version ?? 0) !== expectedVersion) {
      throw new StoreConflictError(
        stored === undefined
          ? `REST API ${apiId} does not exist (expected version ${expectedVersion})`
          : expectedVersion === 0
            ? `REST API ${apiId} already exists`
            : `REST API ${apiId} is at version ${stored.version}, not ${expectedVersion}`,
      )
    }
    const version = (stored?.version ?? 0) + 1
    this.#sql
      .get(
        `INSERT INTO rest_apis (id, version, json, content) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, content = excluded.content`,
      )
      .run(
        apiId,
        version,
        JSON.stringify(definition.protocol === 'REST' ? definition.restApi : { ...definition.api, protocolType: definition.protocol }),
        definition.protocol === 'HTTP' ? JSON.stringify(contentOf(definition)) : null,
      )
    if (definition.protocol === 'REST') replaceChildRows(this.#sql, definition)
    return version
  }

  #insertDeployment(apiId: string, deployment: AnyDeployment, snapshot: ApiDefinition): void {
    this.#requireApi(apiId)
    const id = deploymentIdOf(deployment)
    const exists = this.#sql.get('SELECT 1 FROM deployments WHERE api_id = ? AND id = ?').get(apiId, id)
    if (exists !== undefined) throw new StoreConflictError(`Deployment ${id} already exists`)
    this.#sql
      .get('INSERT INTO deployments (api_id, id, json, snapshot) VALUES (?, ?, ?, ?)')
      .run(apiId, id, JSON.stringify(deployment), JSON.stringify(withoutDocumentation(snapshot)))
  }

  #removeDeployment(apiId: string, deploymentId: string): boolean {
    const exists = this.#sql.get('SELECT 1 FROM deployments WHERE api_id = ? AND id = ?').get(apiId, deploymentId)
    if (exists === undefined) return false
    const inUse = this.#sql
      .get(
        'SELECT 1 FROM stages WHERE api_id = @apiId AND @deploymentId IN (deployment_id, canary_deployment_id) LIMIT 1',
      )
      .get({ apiId, deploymentId })
    if (inUse !== undefined) throw new StoreConflictError(IN_USE_MESSAGE)
    this.#sql.get('DELETE FROM deployments WHERE api_id = ? AND id = ?').run(apiId, deploymentId)
    return true
  }

  #upsertStage(apiId: string, stage: AnyStage): void {
    this.#requireApi(apiId)
    this.#sql
      .get(
        `INSERT INTO stages (api_id, stage_name, deployment_id, canary_deployment_id, json)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (api_id, stage_name) DO UPDATE SET deployment_id = excluded.deployment_id,
           canary_deployment_id = excluded.canary_deployment_id, json = excluded.json`,
      )
      // an apigatewayv2 stage not deployed yet points at no deployment: '' (the column predates it)
      .run(apiId, stage.stageName, stage.deploymentId ?? '', canaryOf(stage) ?? null, JSON.stringify(stage))
  }

  #row(apiId: string): { version: number; protocol: ApiProtocol } | undefined {
    return this.#sql.get<[string], { version: number; protocol: ApiProtocol }>(`SELECT version, ${PROTOCOL} AS protocol FROM rest_apis WHERE id = ?`).get(apiId)
  }

  /** true when no protocol is asked, or the API exists with that one */
  #isOf(apiId: string, protocol: ApiProtocol | undefined): boolean {
    return protocol === undefined || this.#row(apiId)?.protocol === protocol
  }

  #requireApi(apiId: string): void {
    if (this.#row(apiId) === undefined) throw new Error(`API ${apiId} does not exist`)
  }
}

function stageEntry(row: StageRow): StageEntry {
  const stage = JSON.parse(row.json) as AnyStage
  return { apiId: row.api_id, protocol: row.protocol, stage } as StageEntry
}

/** the deployment a REST stage's canary serves */
function canaryOf(stage: AnyStage): string | undefined {
  return 'canarySettings' in stage ? stage.canarySettings?.deploymentId : undefined
}

function contentOf(definition: V2ApiContent): V2ApiContent {
  const { routes, integrations, authorizers, models, routeResponses, integrationResponses } = definition
  return { routes, integrations, authorizers, models, routeResponses, integrationResponses }
}

/** Snapshots written before APIs had a protocol are REST's. */
/** a stage publishes documentation through its documentation version: deployments do not freeze it */
function withoutDocumentation(snapshot: ApiDefinition): ApiDefinition {
  if (snapshot.protocol !== 'REST' || (snapshot.documentationParts === undefined && snapshot.documentationVersions === undefined)) return snapshot
  const { documentationParts: _parts, documentationVersions: _versions, ...rest } = snapshot
  return rest
}

function withProtocol(snapshot: ApiDefinition): ApiDefinition {
  return snapshot.protocol === undefined ? { ...(snapshot as object), protocol: 'REST' } as ApiDefinition : snapshot
}
