// The emulator's SQL lives in src/store/: one module per table group, each owning the
// statements (and the events) of its tables. Everything else calls those functions, so
// a change to a table is made in one place and a user or membership is created in
// exactly one. This scan keeps it that way.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('../../src', import.meta.url))

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Source without comments, so a TSDoc line may mention `.prepare(`. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

/** `db.prepare(...)`, `db.exec(sql)`, `db.pragma(...)` on a database handle (RegExp#exec is fine). */
const RUNS_SQL = /\.prepare\s*\(|\bdb\s*\.\s*(exec|pragma)\s*\(/

const files = sourceFiles(srcDir).map((path) => ({
  name: relative(srcDir, path).split(sep).join('/'),
  text: code(path),
}))
const outsideStore = files.filter((f) => !f.name.startsWith('store/'))

/** Files whose text matches `pattern`, by path relative to src/. */
const matching = (pattern: RegExp) => files.filter((f) => pattern.test(f.text)).map((f) => f.name)

describe('the store owns the SQL', () => {
  it('finds the sources', () => {
    expect(outsideStore.length).toBeGreaterThan(40)
    expect(files.some((f) => f.name === 'store/users.ts')).toBe(true)
  })

  it('no file outside store/ prepares, executes or pragmas SQL', () => {
    expect(outsideStore.filter((f) => RUNS_SQL.test(f.text)).map((f) => f.name)).toEqual([])
  })

  it('no file outside store/ declares a table', () => {
    expect(outsideStore.filter((f) => /CREATE\s+TABLE/i.test(f.text)).map((f) => f.name)).toEqual(
      [],
    )
  })

  it('users are inserted in one place: store/users.ts', () => {
    expect(matching(/INSERT\s+(OR\s+\w+\s+)?INTO\s+users\b/i)).toEqual(['store/users.ts'])
  })

  it('memberships are inserted in one place: store/memberships.ts', () => {
    expect(matching(/\bINTO\s+memberships\s*\(/i)).toEqual(['store/memberships.ts'])
  })
})
