import type { Statement } from 'better-sqlite3'
import type { Db } from './db.js'

const cache = new WeakMap<Db, Map<string, Statement>>()

/**
 * The prepared statement for `sql` on this database, prepared on first use and reused
 * after that. Store functions run on every request, and preparing is the larger part of
 * a small query's cost. Keyed by the handle, so a reopened database starts afresh and
 * a closed one is collected with its statements. SQLite recompiles a cached statement
 * by itself when the schema changes (a reset or an import recreates tables).
 *
 * Only complete calls (`get`, `all`, `run`) are made on cached statements: nothing
 * switches them to `pluck`/`raw`/`expand` or leaves an `iterate` open, so sharing one
 * statement between callers cannot leak a mode or a busy cursor.
 */
export function statement(db: Db, sql: string): Statement {
  let byText = cache.get(db)
  if (!byText) {
    byText = new Map()
    cache.set(db, byText)
  }
  let prepared = byText.get(sql)
  if (!prepared) {
    prepared = db.prepare(sql)
    byText.set(sql, prepared)
  }
  return prepared
}
