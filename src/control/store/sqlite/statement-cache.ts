import type { Database, Statement } from 'better-sqlite3'

/**
 * Prepares each distinct SQL text once per connection and hands back the same statement after
 * that. Callers write their SQL inline, where it is read; the cache keeps it cheap.
 */
export class StatementCache {
  readonly #db: Database
  readonly #statements = new Map<string, Statement<unknown[], unknown>>()

  constructor(db: Database) {
    this.#db = db
  }

  get<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Statement<Params, Row> {
    let statement = this.#statements.get(sql)
    if (statement === undefined) {
      statement = this.#db.prepare<unknown[], unknown>(sql)
      this.#statements.set(sql, statement)
    }
    return statement as unknown as Statement<Params, Row>
  }

  /** the number of statements prepared so far */
  get size(): number {
    return this.#statements.size
  }
}
