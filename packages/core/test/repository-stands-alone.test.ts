// A clone of this repository must test green with nothing beside it. This scan keeps
// sources, tests, scripts and their comments from reaching for files outside the clone:
// the team's reference folder next to it, absolute paths on a developer's machine, or
// a relative path that climbs above the repository root.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, extname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Generated, installed or version-control folders: not ours to scan. */
const SKIP_DIRS = new Set(['node_modules', 'dist', 'coverage', '.git', '.turbo', '.next', '.vite'])
/** Files that hold code, configuration or scripts (Markdown is scanned for named paths only). */
const CODE_EXT = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.json', '.sh'])
const SCANNED_EXT = new Set([...CODE_EXT, '.yaml', '.yml', '.md'])
/** Scripts without an extension. */
const SCRIPT_NAMES = new Set(['run'])

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (SKIP_DIRS.has(entry.name)) return []
      if (entry.name.startsWith('.') && entry.name !== '.ci') return []
      return files(path)
    }
    if (entry.name === 'pnpm-lock.yaml') return []
    return SCANNED_EXT.has(extname(entry.name)) || SCRIPT_NAMES.has(entry.name) ? [path] : []
  })
}

// Built from pieces so this file does not match its own patterns.
const SHARED = 'shared'
const REFERENCE = 'reference'
const TEAM_PATHS: RegExp[] = [
  // the reference folder that sits beside the repository on the team's machines
  new RegExp([SHARED, REFERENCE].join(String.raw`['"]?\s*[,/\\]\s*['"]?`)),
  // climbing out of the repository into that sibling folder
  new RegExp([String.raw`\.\.`, SHARED].join(String.raw`['"]?\s*,\s*['"]?`)),
  // team scratch and notes on a developer's machine
  new RegExp(['', 'tmp', 'team'].join('/')),
  new RegExp(['', 'work', String.raw`(shared|notes|main)\b`].join('/')),
]

/** Quoted relative paths that climb (`'../..'`, `"../x"`), as written in code and JSON. */
const CLIMBING_LITERAL = /(['"`])((?:\.\.\/)+[^'"`\s]*|\.\.)\1/g

function outsideRepo(file: string, target: string): boolean {
  const rel = relative(repoRoot, resolve(dirname(file), target))
  return rel === '..' || rel.startsWith(`..${sep}`)
}

describe('the repository stands alone', () => {
  const scanned = files(repoRoot)

  it('scans the packages, tests, scripts and docs', () => {
    const names = scanned.map((f) => relative(repoRoot, f).split(sep).join('/'))
    expect(names).toEqual(
      expect.arrayContaining([
        'package.json',
        '.ci/run',
        'packages/core/test/management/route-conformance.test.ts',
        'packages/emulator/package.json',
        'docs/management.md',
      ]),
    )
  })

  it('no file names the team reference folder, scratch files or machine paths', () => {
    const offenders = scanned.flatMap((file) => {
      const text = readFileSync(file, 'utf8')
      return TEAM_PATHS.filter((re) => re.test(text)).map(
        (re) => `${relative(repoRoot, file)} matches ${re}`,
      )
    })
    expect(offenders).toEqual([])
  })

  it('no code, config or script climbs above the repository root with a relative path', () => {
    const offenders = scanned
      .filter((file) => CODE_EXT.has(extname(file)) || SCRIPT_NAMES.has(file.split(sep).pop()!))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(CLIMBING_LITERAL)]
          .map((m) => m[2] as string)
          .filter((target) => outsideRepo(file, target))
          .map((target) => `${relative(repoRoot, file)}: ${target}`),
      )
    expect(offenders).toEqual([])
  })

  it('finds a climbing path when one is there (the check itself works)', () => {
    const file = join(repoRoot, 'packages', 'core', 'test', 'x.test.ts')
    // Samples are assembled at run time so the scan of this file stays clean.
    expect(outsideRepo(file, `${'../'.repeat(4)}outside.json`)).toBe(true)
    expect(outsideRepo(file, `${'../'.repeat(3)}docs/core.md`)).toBe(false)
    const samples = [
      `resolve(root, '..', '${'shared'}', 'x.json')`,
      `../${'shared'}/${'reference'}/a`,
    ]
    for (const sample of samples) expect(TEAM_PATHS.some((re) => re.test(sample))).toBe(true)
  })
})
