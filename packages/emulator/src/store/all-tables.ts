import type { Db } from './db.js'

/**
 * Operations over every data table at once, whatever module owns it: the test controls'
 * reset, export and import. Table names come from `sqlite_master`, never from input.
 */

/**
 * Tables that survive reset and import: signing keys stay, so the OIDC module's key set
 * (loaded at start) keeps matching the database. Rotate them with `POST /_emulator/keys/rotate`.
 */
export const PRESERVED_TABLES = new Set(['signing_keys'])

/** A whole-data export: every table's rows (signing keys excepted). */
export interface DataExport {
  format: 'kit-emulator-export'
  version: 1
  exported_at: string
  tables: Record<string, Record<string, unknown>[]>
}

/** Names of all data tables (every module's, including private ones). */
export function dataTables(db: Db): string[] {
  const rows = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[]
  return rows.map((r) => r.name).filter((n) => !PRESERVED_TABLES.has(n))
}

/** Deletes every row of every data table except `keep` (settings are kept by reset). */
export function wipeData(db: Db, keep: string[] = []): void {
  replaceData(db, keep, () => {})
}

/**
 * Atomically empties every data table except `keep` and refills the data with `fill`:
 * if `fill` throws or leaves a broken reference, nothing changes. Foreign keys are off
 * while it runs (so tables can be filled in any order) and checked at the end.
 */
export function replaceData(db: Db, keep: string[], fill: () => void): void {
  withoutForeignKeys(db, () => {
    for (const table of dataTables(db)) {
      if (!keep.includes(table)) db.prepare(`DELETE FROM ${quote(table)}`).run()
    }
    fill()
    const broken = db.prepare('PRAGMA foreign_key_check').all() as {
      table: string
      parent: string
    }[]
    if (broken.length > 0) {
      const first = broken[0]!
      throw new TypeError(
        `data has ${broken.length} broken reference(s), e.g. ${first.table} -> ${first.parent}`,
      )
    }
  })
}

/** Dumps every data table as JSON rows. */
export function exportData(db: Db, nowIso: string): DataExport {
  const tables: DataExport['tables'] = {}
  for (const table of dataTables(db)) {
    tables[table] = db.prepare(`SELECT * FROM ${quote(table)} ORDER BY rowid`).all() as Record<
      string,
      unknown
    >[]
  }
  return { format: 'kit-emulator-export', version: 1, exported_at: nowIso, tables }
}

/**
 * Replaces all data with an export, atomically: unknown tables or columns, non-scalar
 * values and broken references are refused (TypeError naming the problem) and nothing
 * changes.
 */
export function importData(db: Db, dump: unknown): void {
  if (!dump || typeof dump !== 'object' || (dump as DataExport).format !== 'kit-emulator-export') {
    throw new TypeError(
      'import body must be an export: { "format": "kit-emulator-export", "tables": {...} }',
    )
  }
  const tables = (dump as DataExport).tables
  if (!tables || typeof tables !== 'object' || Array.isArray(tables))
    throw new TypeError('export.tables must be an object')
  const known = new Set(dataTables(db))
  for (const name of Object.keys(tables)) {
    if (!known.has(name)) throw new TypeError(`export has unknown table "${name}"`)
    if (!Array.isArray(tables[name])) throw new TypeError(`export.tables.${name} must be an array`)
  }
  replaceData(db, [], () => {
    for (const [table, rows] of Object.entries(tables)) insertRows(db, table, rows)
  })
}

function insertRows(db: Db, table: string, rows: unknown[]): void {
  const columns = new Set(
    (db.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[]).map(
      (c) => c.name,
    ),
  )
  rows.forEach((row, i) => {
    if (!row || typeof row !== 'object' || Array.isArray(row))
      throw new TypeError(`export.tables.${table}[${i}] must be an object`)
    const entries = Object.entries(row as Record<string, unknown>)
    for (const [column, value] of entries) {
      if (!columns.has(column))
        throw new TypeError(`export.tables.${table}[${i}] has unknown column "${column}"`)
      if (value !== null && typeof value !== 'string' && typeof value !== 'number') {
        throw new TypeError(
          `export.tables.${table}[${i}].${column} must be a string, number or null`,
        )
      }
    }
    if (entries.length === 0) return
    const sql = `INSERT INTO ${quote(table)} (${entries.map(([c]) => quote(c)).join(', ')}) VALUES (${entries.map(() => '?').join(', ')})`
    try {
      db.prepare(sql).run(...entries.map(([, v]) => v))
    } catch (cause) {
      throw new TypeError(
        `export.tables.${table}[${i}] cannot be inserted: ${(cause as Error).message}`,
      )
    }
  })
}

/** Runs `fn` in a transaction with foreign keys off (so tables can be filled in any order). */
function withoutForeignKeys(db: Db, fn: () => void): void {
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(fn)()
  } finally {
    db.pragma('foreign_keys = ON')
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`
}
