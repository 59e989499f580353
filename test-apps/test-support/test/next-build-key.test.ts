// The build-cache key of the Next.js test apps: what a build reads is derived from the
// app's package.json, so a change in a workspace package the app bundles rebuilds it,
// and a change anywhere else (a package it does not use, a package's tests) does not.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ROOT, sourceHash, testAppDir, workspaceDependencies } from '../src/next-build.js'

const inRepo = (dir: string) => join(ROOT, dir)

describe('the Next.js test apps read the workspace packages their package.json names', () => {
  it('next15: the shared pages, core, next and the example views, not @kit/redis', () => {
    expect(workspaceDependencies(testAppDir('next15'))).toEqual(
      ['examples/shared', 'packages/core', 'packages/next', 'test-apps/next-shared'].map(inRepo),
    )
  })

  it('next16: the same, plus @kit/redis (its stores when REDIS_URL is set)', () => {
    expect(workspaceDependencies(testAppDir('next16'))).toEqual(
      [
        'examples/shared',
        'packages/core',
        'packages/next',
        'packages/redis',
        'test-apps/next-shared',
      ].map(inRepo),
    )
  })
})

describe('sourceHash', () => {
  // A throwaway workspace: app -> lib (workspace:*) -> base (workspace:*), linked the way
  // pnpm links them, and an unrelated package beside them.
  const root = mkdtempSync(join(tmpdir(), 'kit-build-key-'))
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  const link = (from: string, name: string, to: string) => {
    mkdirSync(join(root, from, 'node_modules', '@x'), { recursive: true })
    symlinkSync(join(root, to), join(root, from, 'node_modules', name))
  }
  write('app/package.json', JSON.stringify({ dependencies: { '@x/lib': 'workspace:*' } }))
  write('app/page.tsx', 'export default 1\n')
  write('lib/package.json', JSON.stringify({ dependencies: { '@x/base': 'workspace:*' } }))
  write('lib/src/index.ts', 'export const lib = 1\n')
  write('lib/test/lib.test.ts', 'test\n')
  write('base/package.json', JSON.stringify({ devDependencies: { '@x/other': 'workspace:*' } }))
  write('base/src/index.ts', 'export const base = 1\n')
  write('other/package.json', '{}')
  write('other/src/index.ts', 'export const other = 1\n')
  link('app', '@x/lib', 'lib')
  link('lib', '@x/base', 'base')
  link('base', '@x/other', 'other')
  const app = join(root, 'app')
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('follows workspace dependencies through each other, not dev dependencies', () => {
    expect(workspaceDependencies(app)).toEqual([join(root, 'base'), join(root, 'lib')])
  })

  it('changes with the sources of a package the app reaches, directly or not', () => {
    const before = sourceHash(app)
    write('lib/src/index.ts', 'export const lib = 2\n')
    const afterLib = sourceHash(app)
    expect(afterLib).not.toBe(before)
    write('base/src/index.ts', 'export const base = 2\n')
    expect(sourceHash(app)).not.toBe(afterLib)
  })

  it('stays the same when a package the app does not bundle changes, or a test does', () => {
    const before = sourceHash(app)
    write('other/src/index.ts', 'export const other = 2\n')
    write('lib/test/lib.test.ts', 'changed\n')
    expect(sourceHash(app)).toBe(before)
  })
})
