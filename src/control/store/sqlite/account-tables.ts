import type { Database, Transaction } from 'better-sqlite3'
import {
  type Account,
  type ApiKey,
  type AuditEntry,
  type ClientCertificate,
  DEFAULT_ACCOUNT,
  MAX_PLANS_PER_KEY,
  type UsageDay,
  type UsagePlan,
  type UsagePlanKey,
} from '../../../model/account.ts'
import type { AccountStore, ImportedApiKey, UsageIncrement } from '../account-store.ts'
import { StoreConflictError, StoreVersionConflictError, StoreLimitError, StoreMissingError } from '../store.ts'
import type { StatementCache } from './statement-cache.ts'
import type { ApiKeyCipher } from './api-key-cipher.ts'

interface KeyRow {
  id: string
  /** sealed (api-key-cipher.ts) */
  value: string
  json: string
}

interface UsageRow {
  key_id: string
  day: string
  used: number
  remaining: number | null
}

interface AuditRow {
  time: number
  access_key_id: string
  operation: string
  resource: string
  request_id: string
  parameters: string
}

/**
 * The AccountStore half of SqliteStore (tables in schema-v2.ts). Writes of several rows run in
 * IMMEDIATE transactions, like the rest of the store.
 */
export class SqliteAccountTables implements AccountStore {
  readonly #sql: StatementCache
  readonly #importApiKeys: Transaction<(entries: ImportedApiKey[]) => ApiKey[]>
  readonly #addUsagePlanKey: Transaction<(planId: string, keyId: string) => UsagePlanKey>
  readonly #updateApiKey: Transaction<(key: ApiKey, expected?: ApiKey) => void>
  readonly #replaceJson: Transaction<(table: 'usage_plans' | 'client_certificates', id: string, json: string, expected?: object) => number>
  readonly #addUsages: Transaction<(entries: readonly UsageIncrement[]) => void>
  readonly #cipher: ApiKeyCipher

  constructor(db: Database, sql: StatementCache, cipher: ApiKeyCipher) {
    this.#sql = sql
    this.#cipher = cipher
    this.#importApiKeys = db.transaction((entries) => entries.map((entry) => this.#importOne(entry)))
    this.#addUsagePlanKey = db.transaction((planId, keyId) => this.#joinPlan(planId, keyId))
    this.#updateApiKey = db.transaction((key, expected) => {
      if (expected !== undefined) unchanged(this.#readApiKey(key.id), expected)
      this.#replaceKey(key)
    })
    this.#replaceJson = db.transaction((table, id, json, expected) => {
      if (expected !== undefined) {
        const current = this.#sql.get<[string], string>(`SELECT json FROM ${table} WHERE id = ?`).pluck().get(id)
        unchanged(current === undefined ? undefined : JSON.parse(current), expected)
      }
      return this.#sql.get(`UPDATE ${table} SET json = ? WHERE id = ?`).run(json, id).changes
    })
    this.#addUsages = db.transaction((entries) => {
      for (const entry of entries) this.#addUsageIfPresent(entry)
    })
    db.transaction(() => this.#sealPlainRows()).immediate()
    this.#checkSecret()
  }

  /** rows from before migration 3 hold plain values: seal them and index them */
  #sealPlainRows(): void {
    const plain = this.#sql.get<[], KeyRow>('SELECT id, value, json FROM api_keys WHERE value_index IS NULL').all()
    const update = this.#sql.get('UPDATE api_keys SET value = ?, value_index = ? WHERE id = ?')
    for (const row of plain) update.run(this.#cipher.seal(row.id, row.value), this.#cipher.index(row.value), row.id)
  }

  /** a wrong secret fails the start, not the first request that needs a key */
  #checkSecret(): void {
    const row = this.#sql.get<[], KeyRow>('SELECT id, value, json FROM api_keys ORDER BY seq LIMIT 1').get()
    if (row !== undefined) this.#cipher.open(row.id, row.value)
  }

  // API keys: the value lives in its own column, sealed, with its HMAC index beside it (see
  // schema-v3.ts); #keyColumns and #toApiKey/#toPlanKey are the
  // only places that put it in or take it out.

  async createApiKey(key: ApiKey): Promise<void> {
    try {
      this.#sql.get('INSERT INTO api_keys (id, value, value_index, json) VALUES (?, ?, ?, ?)').run(...this.#keyColumns(key))
    } catch (error) {
      throw uniqueToConflict(error, 'API Key already exists')
    }
  }

  async getApiKey(id: string): Promise<ApiKey | undefined> {
    return this.#readApiKey(id)
  }

  #readApiKey(id: string): ApiKey | undefined {
    const row = this.#sql.get<[string], KeyRow>('SELECT id, value, json FROM api_keys WHERE id = ?').get(id)
    return row === undefined ? undefined : this.#toApiKey(row)
  }

  async getApiKeyByValue(value: string): Promise<ApiKey | undefined> {
    const row = this.#sql.get<[string], KeyRow>('SELECT id, value, json FROM api_keys WHERE value_index = ?').get(this.#cipher.index(value))
    return row === undefined ? undefined : this.#toApiKey(row)
  }

  async listApiKeys(): Promise<ApiKey[]> {
    return this.#sql.get<[], KeyRow>('SELECT id, value, json FROM api_keys ORDER BY seq').all().map((row) => this.#toApiKey(row))
  }

  async updateApiKey(key: ApiKey, expected?: ApiKey): Promise<void> {
    this.#updateApiKey.immediate(key, expected)
  }

  async deleteApiKey(id: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM api_keys WHERE id = ?').run(id).changes > 0
  }

  async importApiKeys(entries: ImportedApiKey[]): Promise<ApiKey[]> {
    return this.#importApiKeys.immediate(entries)
  }

  // usage plans

  async createUsagePlan(plan: UsagePlan): Promise<void> {
    try {
      this.#sql.get('INSERT INTO usage_plans (id, json) VALUES (?, ?)').run(plan.id, JSON.stringify(plan))
    } catch (error) {
      throw uniqueToConflict(error, `Usage plan ${plan.id} already exists`)
    }
  }

  async getUsagePlan(id: string): Promise<UsagePlan | undefined> {
    const json = this.#sql.get<[string], string>('SELECT json FROM usage_plans WHERE id = ?').pluck().get(id)
    return json === undefined ? undefined : (JSON.parse(json) as UsagePlan)
  }

  async listUsagePlans(filter: { keyId?: string } = {}): Promise<UsagePlan[]> {
    const rows =
      filter.keyId === undefined
        ? this.#sql.get<[], string>('SELECT json FROM usage_plans ORDER BY seq').pluck().all()
        : this.#sql
            .get<[string], string>(
              `SELECT p.json FROM usage_plans p JOIN usage_plan_keys k ON k.plan_id = p.id
               WHERE k.key_id = ? ORDER BY p.seq`,
            )
            .pluck()
            .all(filter.keyId)
    return rows.map((json) => JSON.parse(json) as UsagePlan)
  }

  async updateUsagePlan(plan: UsagePlan, expected?: UsagePlan): Promise<void> {
    const changes = this.#replaceJson.immediate('usage_plans', plan.id, JSON.stringify(plan), expected)
    if (changes === 0) throw new StoreMissingError(`Usage plan ${plan.id} does not exist`)
  }

  async deleteUsagePlan(id: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM usage_plans WHERE id = ?').run(id).changes > 0
  }

  // usage plan keys

  async addUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey> {
    return this.#addUsagePlanKey.immediate(planId, keyId)
  }

  async getUsagePlanKey(planId: string, keyId: string): Promise<UsagePlanKey | undefined> {
    const row = this.#sql
      .get<[string, string], KeyRow>(
        `SELECT a.id, a.value, a.json FROM usage_plan_keys k JOIN api_keys a ON a.id = k.key_id
         WHERE k.plan_id = ? AND k.key_id = ?`,
      )
      .get(planId, keyId)
    return row === undefined ? undefined : this.#toPlanKey(row)
  }

  async listUsagePlanKeys(planId: string): Promise<UsagePlanKey[]> {
    return this.#sql
      .get<[string], KeyRow>(
        `SELECT a.id, a.value, a.json FROM usage_plan_keys k JOIN api_keys a ON a.id = k.key_id
         WHERE k.plan_id = ? ORDER BY k.seq`,
      )
      .all(planId)
      .map((row) => this.#toPlanKey(row))
  }

  async removeUsagePlanKey(planId: string, keyId: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM usage_plan_keys WHERE plan_id = ? AND key_id = ?').run(planId, keyId).changes > 0
  }

  // usage

  async addUsage(planId: string, keyId: string, day: string, count: number): Promise<void> {
    this.#addUsageIfPresent({ planId, keyId, day, count })
  }

  async addUsages(entries: readonly UsageIncrement[]): Promise<void> {
    this.#addUsages.immediate(entries)
  }

  #addUsageIfPresent(entry: UsageIncrement): void {
    this.#sql
      .get(
        `INSERT INTO usage_days (plan_id, key_id, day, used)
         SELECT @planId, @keyId, @day, @count
         WHERE EXISTS (SELECT 1 FROM usage_plans WHERE id = @planId) AND EXISTS (SELECT 1 FROM api_keys WHERE id = @keyId)
         ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = used + @count,
           remaining = CASE WHEN remaining IS NULL THEN NULL ELSE max(remaining - @count, 0) END`,
      )
      .run(entry)
  }

  async setRemaining(planId: string, keyId: string, day: string, remaining: number): Promise<void> {
    this.#sql
      .get(
        `INSERT INTO usage_days (plan_id, key_id, day, used, remaining) VALUES (?, ?, ?, 0, ?)
         ON CONFLICT (plan_id, key_id, day) DO UPDATE SET remaining = excluded.remaining`,
      )
      .run(planId, keyId, day, remaining)
  }

  async getUsage(planId: string, fromDay: string, toDay: string, keyId?: string): Promise<UsageDay[]> {
    const rows =
      keyId === undefined
        ? this.#sql
            .get<[string, string, string], UsageRow>(
              `SELECT key_id, day, used, remaining FROM usage_days
               WHERE plan_id = ? AND day BETWEEN ? AND ? ORDER BY key_id, day`,
            )
            .all(planId, fromDay, toDay)
        : this.#sql
            .get<[string, string, string, string], UsageRow>(
              `SELECT key_id, day, used, remaining FROM usage_days
               WHERE plan_id = ? AND key_id = ? AND day BETWEEN ? AND ? ORDER BY day`,
            )
            .all(planId, keyId, fromDay, toDay)
    return rows.map((row) => ({
      keyId: row.key_id,
      day: row.day,
      used: row.used,
      ...(row.remaining !== null ? { remaining: row.remaining } : {}),
    }))
  }

  // client certificates

  async createClientCertificate(certificate: ClientCertificate): Promise<void> {
    try {
      this.#sql
        .get('INSERT INTO client_certificates (id, json) VALUES (?, ?)')
        .run(certificate.clientCertificateId, JSON.stringify(certificate))
    } catch (error) {
      throw uniqueToConflict(error, `Client certificate ${certificate.clientCertificateId} already exists`)
    }
  }

  async getClientCertificate(id: string): Promise<ClientCertificate | undefined> {
    const json = this.#sql.get<[string], string>('SELECT json FROM client_certificates WHERE id = ?').pluck().get(id)
    return json === undefined ? undefined : (JSON.parse(json) as ClientCertificate)
  }

  async listClientCertificates(): Promise<ClientCertificate[]> {
    return this.#sql
      .get<[], string>('SELECT json FROM client_certificates ORDER BY seq')
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as ClientCertificate)
  }

  async updateClientCertificate(certificate: ClientCertificate, expected?: ClientCertificate): Promise<void> {
    const changes = this.#replaceJson.immediate('client_certificates', certificate.clientCertificateId, JSON.stringify(certificate), expected)
    if (changes === 0) throw new StoreMissingError(`Client certificate ${certificate.clientCertificateId} does not exist`)
  }


  async deleteClientCertificate(id: string): Promise<boolean> {
    return this.#sql.get('DELETE FROM client_certificates WHERE id = ?').run(id).changes > 0
  }

  // account

  async getAccount(): Promise<Account> {
    const json = this.#sql.get<[], string>('SELECT json FROM account WHERE id = 1').pluck().get()
    return json === undefined ? structuredClone(DEFAULT_ACCOUNT) : (JSON.parse(json) as Account)
  }

  async updateAccount(account: Account): Promise<void> {
    this.#sql
      .get('INSERT INTO account (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json')
      .run(JSON.stringify(account))
  }

  // audit

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.#sql
      .get(
        `INSERT INTO audit_log (time, access_key_id, operation, resource, request_id, parameters)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.time, entry.accessKeyId, entry.operation, entry.resource, entry.requestId, JSON.stringify(entry.parameters))
  }

  async listAudit(options: { limit?: number; since?: number; skip?: number } = {}): Promise<AuditEntry[]> {
    const since = options.since ?? Number.MIN_SAFE_INTEGER
    const limit = options.limit ?? -1 // SQLite: a negative LIMIT means none
    const rows = this.#sql
      .get<[number, number, number], AuditRow>(
        `SELECT * FROM (SELECT seq, time, access_key_id, operation, resource, request_id, parameters
           FROM audit_log WHERE time >= ? ORDER BY seq DESC LIMIT ? OFFSET ?) ORDER BY seq`,
      )
      .all(since, limit, options.skip ?? 0)
    return rows.map((row) => ({
      time: row.time,
      accessKeyId: row.access_key_id,
      operation: row.operation,
      resource: row.resource,
      requestId: row.request_id,
      parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    }))
  }

  /** id, sealed value, value index, the rest as JSON */
  #keyColumns(key: ApiKey): [string, string, string, string] {
    const { value, ...rest } = key
    return [key.id, this.#cipher.seal(key.id, value), this.#cipher.index(value), JSON.stringify(rest)]
  }

  #toApiKey(row: KeyRow): ApiKey {
    const key = JSON.parse(row.json) as Omit<ApiKey, 'value'>
    // AWS's key order: value after id
    const { id, ...rest } = key
    return { id, value: this.#cipher.open(row.id, row.value), ...rest }
  }

  #toPlanKey(row: KeyRow): UsagePlanKey {
    const { name } = JSON.parse(row.json) as { name?: string }
    return { id: row.id, type: 'API_KEY', value: this.#cipher.open(row.id, row.value), ...(name !== undefined ? { name } : {}) }
  }

  #replaceKey(key: ApiKey): void {
    const [id, value, index, json] = this.#keyColumns(key)
    const owner = this.#sql.get<[string], string>('SELECT id FROM api_keys WHERE value_index = ?').pluck().get(index)
    if (owner !== undefined && owner !== id) throw new StoreConflictError('API Key already exists')
    const { changes } = this.#sql.get('UPDATE api_keys SET value = ?, value_index = ?, json = ? WHERE id = ?').run(value, index, json, id)
    if (changes === 0) throw new StoreMissingError(`API key ${id} does not exist`)
  }

  #importOne({ key, usagePlanIds }: ImportedApiKey): ApiKey {
    const existing = this.#sql.get<[string], KeyRow>('SELECT id, value, json FROM api_keys WHERE value_index = ?').get(this.#cipher.index(key.value))
    let stored: ApiKey
    if (existing === undefined) {
      stored = key
      this.#sql.get('INSERT INTO api_keys (id, value, value_index, json) VALUES (?, ?, ?, ?)').run(...this.#keyColumns(stored))
    } else {
      const before = this.#toApiKey(existing)
      stored = { ...key, id: before.id, createdDate: before.createdDate, stageKeys: before.stageKeys }
      this.#replaceKey(stored)
    }
    for (const planId of usagePlanIds) {
      const member = this.#sql.get('SELECT 1 FROM usage_plan_keys WHERE plan_id = ? AND key_id = ?').get(planId, stored.id)
      if (member === undefined) this.#joinPlan(planId, stored.id)
    }
    return stored
  }

  #joinPlan(planId: string, keyId: string): UsagePlanKey {
    if (this.#sql.get('SELECT 1 FROM usage_plans WHERE id = ?').get(planId) === undefined) {
      throw new StoreMissingError(`Usage plan ${planId} does not exist`)
    }
    const key = this.#sql.get<[string], KeyRow>('SELECT id, value, json FROM api_keys WHERE id = ?').get(keyId)
    if (key === undefined) throw new StoreMissingError(`API key ${keyId} does not exist`)
    const plans = this.#sql.get<[string], number>('SELECT count(*) FROM usage_plan_keys WHERE key_id = ?').pluck().get(keyId) ?? 0
    const member = this.#sql.get('SELECT 1 FROM usage_plan_keys WHERE plan_id = ? AND key_id = ?').get(planId, keyId)
    if (member !== undefined) throw new StoreConflictError(`API key ${keyId} is already in usage plan ${planId}`)
    if (plans >= MAX_PLANS_PER_KEY) {
      throw new StoreLimitError(`API key ${keyId} is already in ${MAX_PLANS_PER_KEY} usage plans`)
    }
    this.#sql.get('INSERT INTO usage_plan_keys (plan_id, key_id) VALUES (?, ?)').run(planId, keyId)
    return this.#toPlanKey(key)
  }
}

/**
 * The version check of a read-modify-write (no last writer wins): the record as stored now must
 * be the one the caller read (`expected`), else another change came first. Records are compared
 * as JSON: both sides are parsed from the same column, so an untouched record serialises alike.
 */
function unchanged(current: object | undefined, expected: object): void {
  if (current === undefined) return // gone: the update itself reports it missing
  if (JSON.stringify(current) !== JSON.stringify(expected)) throw new StoreVersionConflictError('The record changed since it was read')
}

/** SQLite's unique-constraint failure as the Store contract's StoreConflictError; other errors as they are. */
export function uniqueToConflict(error: unknown, message: string): unknown {
  const code = (error as { code?: string }).code
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    ? new StoreConflictError(message)
    : error
}
