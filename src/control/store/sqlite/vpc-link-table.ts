import type { VpcLink } from '../../../model/vpc-link.ts'
import { StoreMissingError } from '../store.ts'
import type { StatementCache } from './statement-cache.ts'
import { uniqueToConflict } from './account-tables.ts'

/** The `vpc_links` table: one JSON row per link, listed in creation order. */
export class SqliteVpcLinkTable {
  readonly #sql: StatementCache

  constructor(sql: StatementCache) {
    this.#sql = sql
  }

  create(link: VpcLink): void {
    try {
      this.#sql.get('INSERT INTO vpc_links (id, json) VALUES (?, ?)').run(link.id, JSON.stringify(link))
    } catch (error) {
      throw uniqueToConflict(error, `VPC link ${link.id} already exists`)
    }
  }

  get(id: string): VpcLink | undefined {
    const json = this.#sql.get<[string], string>('SELECT json FROM vpc_links WHERE id = ?').pluck().get(id)
    return json === undefined ? undefined : (JSON.parse(json) as VpcLink)
  }

  list(): VpcLink[] {
    return this.#sql
      .get<[], string>('SELECT json FROM vpc_links ORDER BY seq')
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as VpcLink)
  }

  update(link: VpcLink): void {
    const { changes } = this.#sql.get('UPDATE vpc_links SET json = ? WHERE id = ?').run(JSON.stringify(link), link.id)
    if (changes === 0) throw new StoreMissingError(`VPC link ${link.id} does not exist`)
  }

  delete(id: string): boolean {
    return this.#sql.get('DELETE FROM vpc_links WHERE id = ?').run(id).changes > 0
  }
}
