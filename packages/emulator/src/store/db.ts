import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { explainNativeModuleError } from './native-module-mismatch.js'
import { CORE_SCHEMA } from './schema.js'

/** The emulator's SQLite handle (better-sqlite3, synchronous). */
export type Db = Database.Database

/**
 * Opens (creating when needed) the emulator database. `':memory:'` gives a private
 * in-memory database. File databases use WAL with `synchronous = FULL`, so every write
 * acknowledged to a client is on disk before the response leaves: a process killed with
 * SIGKILL loses nothing it has answered.
 */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  let db: Db
  try {
    db = new Database(path)
  } catch (error) {
    // The native module loads on first use: a build for another Node fails right here.
    throw explainNativeModuleError(error)
  }
  if (path !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  applySchema(db, CORE_SCHEMA)
  return db
}

/** Runs idempotent `CREATE ... IF NOT EXISTS` statements of a module's schema. */
export function applySchema(db: Db, sql: string): void {
  db.exec(sql)
}

/** Parses a `data` JSON column. */
export function parseData<T = Record<string, unknown>>(value: string): T {
  return JSON.parse(value) as T
}
