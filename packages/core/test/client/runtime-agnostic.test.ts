// @kit/core must run on any Web-standard runtime (edge, workers, browsers): no node:*
// imports and no Node globals in its sources, and its bundle (with its dependencies)
// must resolve without Node built-ins.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('../../src', import.meta.url))

/**
 * The one exception: Node's iron implementation. Only package.json's `imports` map
 * (`#seal-crypto`, `node` condition) loads it, so Web runtimes never see it; the last
 * tests below keep it that way (no source imports it, the neutral bundle excludes it).
 */
const NODE_ONLY = join(srcDir, 'session', 'seal-crypto-node.ts')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Source without comments, so TSDoc examples may mention process.env. */
function code(path: string): string {
  return readFileSync(path, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1')
}

describe('runtime-agnostic core', () => {
  const files = sourceFiles(srcDir).filter((f) => f !== NODE_ONLY)

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20)
  })

  it('no source imports node:* or a bare Node built-in', () => {
    const offenders = files.filter((f) =>
      /(from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:|fs['"]|path['"]|crypto['"]|http['"]|buffer['"])/.test(
        code(f),
      ),
    )
    expect(offenders).toEqual([])
  })

  it('no source uses Buffer or process (other than through globalThis)', () => {
    const offenders = files.filter((f) => /(?<![.\w$])(Buffer|process)\s*[.[(]/.test(code(f)))
    expect(offenders).toEqual([])
  })

  it('the Node-only seal file exists and is reached only through #seal-crypto', () => {
    expect(sourceFiles(srcDir)).toContain(NODE_ONLY)
    const direct = files.filter((f) => /seal-crypto-node/.test(code(f)))
    expect(direct).toEqual([])
  })

  it('bundles for a neutral (non-Node) platform with no node: imports', async () => {
    const require = createRequire(createRequire(import.meta.url).resolve('vite'))
    const esbuild = require('esbuild') as {
      build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>
    }
    const result = await esbuild.build({
      entryPoints: [join(srcDir, 'index.ts')],
      bundle: true,
      platform: 'neutral',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      conditions: ['@kit/source', 'worker', 'browser', 'import', 'default'],
      mainFields: ['module', 'main'],
    })
    const text = result.outputFiles[0]!.text
    expect(text).toContain('KitClient')
    expect(text).not.toMatch(/["']node:[a-z_/]+["']/)
  })
})
