import { StoreMissingError } from '../store.ts'
import type { StatementCache } from './statement-cache.ts'
import { uniqueToConflict } from './account-tables.ts'

/**
 * A table of VPC links, one JSON row per link listed in creation order: `vpc_links` (v1,
 * migration 7) and `v2_vpc_links` (apigatewayv2, migration 8) have the same columns.
 */
export class SqliteVpcLinkTable<T> {
  readonly #sql: StatementCache
  readonly #table: string
  readonly #idOf: (link: T) => string

  constructor(sql: StatementCache, table: 'vpc_links' | 'v2_vpc_links', idOf: (link: T) => string) {
    this.#sql = sql
    this.#table = table
    this.#idOf = idOf
  }

  create(link: T): void {
    const id = this.#idOf(link)
    try {
      this.#sql.get(`INSERT INTO ${this.#table} (id, json) VALUES (?, ?)`).run(id, JSON.stringify(link))
    } catch (error) {
      throw uniqueToConflict(error, `VPC link ${id} already exists`)
    }
  }

  get(id: string): T | undefined {
    const json = this.#sql.get<[string], string>(`SELECT json FROM ${this.#table} WHERE id = ?`).pluck().get(id)
    return json === undefined ? undefined : (JSON.parse(json) as T)
  }

  list(): T[] {
    return this.#sql
      .get<[], string>(`SELECT json FROM ${this.#table} ORDER BY seq`)
      .pluck()
      .all()
      .map((json) => JSON.parse(json) as T)
  }

  update(link: T): void {
    const id = this.#idOf(link)
    const { changes } = this.#sql.get(`UPDATE ${this.#table} SET json = ? WHERE id = ?`).run(JSON.stringify(link), id)
    if (changes === 0) throw new StoreMissingError(`VPC link ${id} does not exist`)
  }

  delete(id: string): boolean {
    return this.#sql.get(`DELETE FROM ${this.#table} WHERE id = ?`).run(id).changes > 0
  }
}
