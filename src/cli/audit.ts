import type { AuditEntry } from '../model/account.ts'

/** `portico audit [--limit n] [--json]`: the newest management changes, oldest first. */

export const DEFAULT_AUDIT_LIMIT = 50

/** What the command reads: the store's audit trail (control/store's `listAudit`). */
export interface AuditTrail {
  listAudit(options: { limit: number }): Promise<AuditEntry[]>
}

export interface AuditOptions {
  /** text of `--limit`, validated here */
  limit?: string
  json?: boolean
}

/** Prints the audit trail; returns the exit code (2 for a bad `--limit`). */
export async function auditCommand(store: AuditTrail, options: AuditOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const limit = options.limit === undefined ? DEFAULT_AUDIT_LIMIT : Number(options.limit)
  if (!Number.isInteger(limit) || limit < 1) {
    err.write(`portico: --limit must be a positive integer, got ${JSON.stringify(options.limit)}\n`)
    return 2
  }
  const entries = await store.listAudit({ limit })
  if (options.json) {
    for (const entry of entries) out.write(JSON.stringify({ ...entry, time: new Date(entry.time).toISOString() }) + '\n')
    return 0
  }
  if (entries.length === 0) {
    out.write('No changes recorded yet. Changes made through the management API appear here.\n')
    return 0
  }
  out.write(formatTable(entries))
  return 0
}

/** aligned columns: time, access key, operation, resource */
export function formatTable(entries: readonly AuditEntry[]): string {
  const rows = [
    ['TIME', 'ACCESS KEY', 'OPERATION', 'RESOURCE'],
    ...entries.map((e) => [new Date(e.time).toISOString(), e.accessKeyId, e.operation, e.resource]),
  ]
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows.map((r) => r.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join('  ') + '\n').join('')
}
