import { createHmac, randomBytes } from 'node:crypto'
import type { Account, ApiKey, UsageDay, UsagePlan, UsagePlanKey } from '../model/account.ts'
import { formatDay, initialPeriods, periodStart } from '../model/quota-period.ts'
import type { BucketLimit } from './counters.ts'

/**
 * What the data plane knows of API keys, usage plans and the account throttle: an immutable
 * snapshot loaded from the Store and replaced whenever the management API changes one of them,
 * so no request reads the Store. Keys are indexed by an HMAC of their value under a secret
 * drawn at start-up: a lookup compares digests an attacker cannot choose, so its timing says
 * nothing about stored values, and no plain value is kept as a map key.
 */

/** The part of the Store the catalogue loads from (AccountStore has it). */
export interface CatalogueSource {
  listApiKeys(): Promise<ApiKey[]>
  listUsagePlans(): Promise<UsagePlan[]>
  listUsagePlanKeys(planId: string): Promise<UsagePlanKey[]>
  getAccount(): Promise<Account>
  getUsage(planId: string, fromDay: string, toDay: string, keyId?: string): Promise<UsageDay[]>
}

/** A key's use of a quota period as the Store recorded it when the catalogue was loaded. */
interface RecordedPeriod {
  periodStart: number
  used: number
  /** UpdateUsage's remaining quota, net of the use recorded after it */
  remaining?: number
}

export interface PlanGrant {
  plan: UsagePlan
  /** the key's recorded use of the current quota period (plans with a quota) */
  recorded?: RecordedPeriod
  /** start of the key's first quota period in this plan: the one `quota.offset` lowers */
  firstPeriodStart?: number
}

export interface KeyEntry {
  key: ApiKey
  /** the plans the key belongs to */
  grants: PlanGrant[]
}

export interface Catalogue {
  /** the key with this value, or undefined */
  find(value: string): KeyEntry | undefined
  /** the key with this id (management-side events name keys by id) */
  findById(id: string): KeyEntry | undefined
  /** the account-level throttle (GetAccount's throttleSettings) as a bucket */
  readonly accountBucket: BucketLimit
}

const SECRET = randomBytes(32)

function digest(value: string): string {
  return createHmac('sha256', SECRET).update(value).digest('base64')
}

function accountBucket(account: Account): BucketLimit {
  return { id: 'account', rate: account.throttleSettings.rateLimit, burst: account.throttleSettings.burstLimit }
}

export function emptyCatalogue(account: Account): Catalogue {
  return { find: () => undefined, findById: () => undefined, accountBucket: accountBucket(account) }
}

/** Loads every key, plan, membership and the current quota periods' recorded use. */
export async function loadCatalogue(source: CatalogueSource, now: number): Promise<Catalogue> {
  const [keys, plans, account] = await Promise.all([source.listApiKeys(), source.listUsagePlans(), source.getAccount()])
  const byId = new Map<string, KeyEntry>(keys.map((key) => [key.id, { key, grants: [] }]))
  for (const plan of plans) {
    const members = await source.listUsagePlanKeys(plan.id)
    const usage = plan.quota?.limit === undefined ? undefined : await recordedUse(source, plan, now)
    for (const member of members) {
      const entry = byId.get(member.id)
      if (!entry) continue
      const grant: PlanGrant = { plan }
      if (usage) {
        const recorded = usage.current.get(member.id)
        if (recorded) grant.recorded = recorded
        grant.firstPeriodStart = usage.firstPeriod.get(member.id) ?? periodStart(now, plan.quota!.period)
      }
      entry.grants.push(grant)
    }
  }
  const index = new Map<string, KeyEntry>()
  for (const entry of byId.values()) index.set(digest(entry.key.value), entry)
  return {
    find: (value) => index.get(digest(value)),
    findById: (id) => byId.get(id),
    accountBucket: accountBucket(account),
  }
}

/**
 * Per key: the current period's recorded use, and the start of the first period with any use.
 * The whole history is read only for a quota with an offset (which needs the first period).
 */
async function recordedUse(source: CatalogueSource, plan: UsagePlan, now: number) {
  const start = periodStart(now, plan.quota!.period)
  const from = plan.quota!.offset ? '0000-01-01' : formatDay(start)
  const rows = await source.getUsage(plan.id, from, formatDay(now))
  const byKey = new Map<string, UsageDay[]>()
  for (const row of rows) {
    if (Date.parse(`${row.day}T00:00:00Z`) < start) continue
    let list = byKey.get(row.keyId)
    if (!list) byKey.set(row.keyId, (list = []))
    list.push(row)
  }
  const current = new Map<string, RecordedPeriod>()
  for (const [keyId, list] of byKey) current.set(keyId, periodUse(start, list))
  return { current, firstPeriod: initialPeriods(rows, plan.quota!.period) }
}

/** the period's use from its day rows (in day order): what UpdateUsage set last, less what came after */
function periodUse(start: number, rows: UsageDay[]): RecordedPeriod {
  let used = 0
  let remaining: number | undefined
  for (const row of [...rows].sort((a, b) => a.day.localeCompare(b.day))) {
    used += row.used
    if (row.remaining !== undefined) remaining = row.remaining
    else if (remaining !== undefined) remaining = Math.max(remaining - row.used, 0)
  }
  return { periodStart: start, used, ...(remaining !== undefined && { remaining }) }
}
