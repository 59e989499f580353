import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from './repo.js'

const run = promisify(execFile)

/** What `scripts/pack-all.mjs` wrote: one tarball per publishable package. */
export type PackedManifest = Record<string, { version: string; file: string; integrity: string }>

/**
 * Runs the same script as `pnpm pack:all` into `outDir` (building stale packages
 * first) and returns the absolute tarball path of each package by name.
 */
export async function packAll(outDir: string): Promise<Record<string, string>> {
  await run(process.execPath, [join(repoRoot, 'scripts/pack-all.mjs'), '--out', outDir], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  })
  const manifest: PackedManifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8'))
  return Object.fromEntries(
    Object.entries(manifest).map(([name, entry]) => [name, join(outDir, entry.file)]),
  )
}
