import type { QuotaSettings, UsageDay } from '../../../model/account.ts'
import { DAY_MS, formatDay, periodStart } from '../../../model/quota-period.ts'

/**
 * GetUsage's `values`: per key, one `[used, remaining]` pair per UTC day from `startDate` to
 * `endDate`. `remaining` is the quota left in the day's quota period after that day: the limit
 * at each period start (DAY: every day; WEEK: Sundays; MONTH: the 1st; model/quota-period.ts), minus the period's use so
 * far, unless UpdateUsage set it (the day's recorded `remaining`). Without a quota it is 0.
 * The quota's `offset` lowers the limit of each key's initial period (`initialPeriods`), as the
 * data plane does.
 */

/** `YYYY-MM-DD` → epoch ms of its UTC midnight, or undefined when it is no real date */
export function parseDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!m) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return formatDay(ms) === text ? ms : undefined
}

export { formatDay }

/** the first day whose rows `usageValues` needs to answer for `start` */
export function firstDayNeeded(start: number, quota: QuotaSettings | undefined): number {
  return quota?.limit === undefined ? start : periodStart(start, quota.period)
}

export function usageValues(
  keyIds: readonly string[],
  rows: readonly UsageDay[],
  start: number,
  end: number,
  quota: QuotaSettings | undefined,
  /** per key, the start of the period `quota.offset` lowers; the current one (`today`'s) for a key not in it */
  initial: { periods: ReadonlyMap<string, number>; today: number },
): Record<string, Array<[number, number]>> {
  const byKey = new Map<string, Map<string, UsageDay>>()
  for (const row of rows) {
    let days = byKey.get(row.keyId)
    if (days === undefined) byKey.set(row.keyId, (days = new Map()))
    days.set(row.day, row)
  }
  const values: Record<string, Array<[number, number]>> = {}
  const first = firstDayNeeded(start, quota)
  for (const keyId of keyIds) {
    const days = byKey.get(keyId)
    const pairs: Array<[number, number]> = []
    let remaining = 0
    const initialPeriod = initial.periods.get(keyId) ?? periodStart(initial.today, quota?.period)
    for (let day = first; day <= end; day += DAY_MS) {
      if (quota?.limit !== undefined && periodStart(day, quota.period) === day) remaining = quota.limit - (day === initialPeriod ? (quota.offset ?? 0) : 0)
      const row = days?.get(formatDay(day))
      const used = row?.used ?? 0
      if (quota?.limit === undefined) remaining = 0
      else remaining = row?.remaining ?? Math.max(remaining - used, 0)
      if (day >= start) pairs.push([used, remaining])
    }
    values[keyId] = pairs
  }
  return values
}
