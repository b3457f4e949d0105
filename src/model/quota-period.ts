import type { QuotaPeriod, UsageDay } from './account.ts'

/**
 * Usage-plan quota periods, in UTC: DAY from midnight, WEEK from Sunday midnight, MONTH from the
 * 1st. AWS's current docs give no week start; its older QuotaSettings text said "with a time
 * period of WEEK, an offset of 0 starts on Sunday", and 0 is the default offset. GetUsage and the
 * data plane share these boundaries.
 */

export const DAY_MS = 86_400_000

/** epoch ms of the start of the period `at` (epoch ms) falls in */
export function periodStart(at: number, period: QuotaPeriod | undefined): number {
  const date = new Date(at)
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate())
  switch (period) {
    case 'WEEK':
      return day - date.getUTCDay() * DAY_MS
    case 'MONTH':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
    default:
      return day
  }
}

/** epoch ms of the start of the next period */
export function periodEnd(at: number, period: QuotaPeriod | undefined): number {
  const start = new Date(periodStart(at, period))
  switch (period) {
    case 'WEEK':
      return start.getTime() + 7 * DAY_MS
    case 'MONTH':
      return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)
    default:
      return start.getTime() + DAY_MS
  }
}

/** `YYYY-MM-DD` of the UTC day `at` falls in */
export function formatDay(at: number): string {
  return new Date(at).toISOString().slice(0, 10)
}

/**
 * Per key, the start of the quota period that `offset` lowers (AWS: "the number of requests
 * subtracted from the given limit in the initial time period"): the period of the key's first
 * recorded use. A key absent from the map has no use yet: its initial period is the current one.
 */
export function initialPeriods(rows: readonly UsageDay[], period: QuotaPeriod | undefined): Map<string, number> {
  const first = new Map<string, number>()
  for (const row of rows) {
    if (row.used <= 0) continue
    const start = periodStart(Date.parse(`${row.day}T00:00:00Z`), period)
    const known = first.get(row.keyId)
    if (known === undefined || start < known) first.set(row.keyId, start)
  }
  return first
}
