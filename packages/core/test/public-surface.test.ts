// The root entry point is what an app sees in its autocomplete: keep it small. These
// limits fail the build when someone re-exports a folder wholesale (`export *`), and the
// subpath checks fail when an export path and its entry file or build entry drift apart.
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import buildConfig from '../tsup.config.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const rootEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
const manifest = JSON.parse(readFileSync(`${packageDir}package.json`, 'utf8')) as {
  exports: Record<string, string | Record<string, unknown>>
}

/** Issue 12's budget for the root: runtime values, and names with types included. */
const MAX_ROOT_VALUES = 40
const MAX_ROOT_NAMES = 120
const SUBPATHS = ['./adapter', './management', './node', './testing'] as const

/** Every name the root exports, types included, as the compiler sees them. */
function rootExportNames(): { values: string[]; types: string[] } {
  const program = ts.createProgram([rootEntry], {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  })
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(rootEntry)
  const moduleSymbol = source && checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`could not read the exports of ${rootEntry}`)
  const values: string[] = []
  const types: string[] = []
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
    ;(target.flags & ts.SymbolFlags.Value ? values : types).push(symbol.name)
  }
  return { values, types }
}

/** The `@kit/source` entry file of an export path. */
function sourceEntry(subpath: string): string {
  const target = manifest.exports[subpath]
  if (typeof target !== 'object') throw new Error(`package.json exports has no ${subpath}`)
  return target['@kit/source'] as string
}

describe('@kit/core public surface', () => {
  it(`the root exports at most ${MAX_ROOT_VALUES} runtime values`, async () => {
    const root = await import('../src/index.js')
    const values = Object.keys(root)
    expect(values.length, values.join(', ')).toBeLessThanOrEqual(MAX_ROOT_VALUES)
    expect(values).toEqual(expect.arrayContaining(['KitClient', 'createKitRoutes', 'KitError']))
  })

  it(`the root exports at most ${MAX_ROOT_NAMES} names, types included`, () => {
    const { values, types } = rootExportNames()
    const all = [...values, ...types]
    expect(all.length, all.join(', ')).toBeLessThanOrEqual(MAX_ROOT_NAMES)
    expect(types).toEqual(expect.arrayContaining(['Auth', 'KitClientOptions', 'KitRoutes']))
  }, 60_000)

  it('the root has no wire helpers, per-group factories or un-prefixed error names', () => {
    const { values, types } = rootExportNames()
    const misplaced = [...values, ...types].filter(
      (name) =>
        /^(serialize|deserialize)/.test(name) ||
        /^create\w+Api$/.test(name) ||
        /^(toWire|fromWire|paginate|node\w+)$/.test(name) ||
        (/Error$/.test(name) && !name.startsWith('Kit')),
    )
    expect(misplaced).toEqual([])
  }, 60_000)

  it.each(SUBPATHS)(
    '%s is an export path with a source entry and a build entry',
    async (subpath) => {
      const entry = sourceEntry(subpath)
      expect(existsSync(`${packageDir}${entry}`), entry).toBe(true)
      const built = (manifest.exports[subpath] as { import: { default: string } }).import.default
      const entryName = built.replace(/^\.\/dist\//, '').replace(/\.js$/, '')
      const entries = (buildConfig as { entry: Record<string, string> }).entry
      expect(entries[entryName], `tsup entry ${entryName}`).toBe(entry.replace(/^\.\//, ''))
      const loaded = await import(/* @vite-ignore */ `${packageDir}${entry}`)
      expect(Object.keys(loaded).length).toBeGreaterThan(0)
    },
  )

  it('each subpath holds what moved out of the root', async () => {
    const management = await import('../src/management/index.js')
    const adapter = await import('../src/adapter/index.js')
    const node = await import('../src/node/index.js')
    const testing = await import('../src/testing/index.js')
    expect(typeof management.paginate).toBe('function')
    expect(typeof management.createManagementApi).toBe('function')
    expect(typeof management.KitApiNotFoundError).toBe('function')
    expect(typeof adapter.defineGuards).toBe('function')
    expect(typeof adapter.resolveEnvConfig).toBe('function')
    expect(typeof node.nodeWebRequest).toBe('function')
    expect(typeof testing.signTestWebhook).toBe('function')
  })
})
