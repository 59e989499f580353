import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { outsideEnv } from './outside-env.js'
import { fixturesDir } from './repo.js'

const run = promisify(execFile)

/** The kit packages the outside apps install, and the frameworks beside them. */
const KIT = ['@kit/core', '@kit/express', '@kit/fastify'] as const
const FRAMEWORKS = ['express', 'fastify']

/**
 * The emulator's better-sqlite3 compiles from source here (no prebuilt download), which
 * was most of this file's time: 150 s of a 172 s run in CI. The same node-gyp build, with
 * -O0 instead of the package's -O3 (flags from the environment come after gyp's, so they
 * win; 45 s of CPU against about 95 s), proves the same thing: the tarballs install and
 * the emulator's binding loads. Nothing here measures SQLite. (JOBS is kept, but gyp
 * builds SQLite's library before the binding that links it: measured, one file at a time.)
 */
const FAST_NATIVE_BUILD = {
  CFLAGS: `${process.env['CFLAGS'] ?? ''} -O0`.trim(),
  CXXFLAGS: `${process.env['CXXFLAGS'] ?? ''} -O0`.trim(),
  JOBS: 'max',
}

function tarballsOf(packed: Record<string, string>): string[] {
  return KIT.map((name) => {
    const path = packed[name]
    if (!path) throw new Error(`pack-all produced no tarball for ${name}`)
    return path
  })
}

function newApp(dir: string, manifest: Record<string, unknown>): void {
  mkdirSync(dir, { recursive: true })
  cpSync(fixturesDir, dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
}

/**
 * The README's npm command in a fresh app: `npm install <tarballs> express fastify`
 * (plus `@types/express` for the type check). npm puts every tarball named on the
 * command line at the top level, so `@kit/express`'s dependency on `@kit/core@0.1.0`
 * is met by the `@kit/core` tarball with no further setting.
 */
export async function installWithNpm(dir: string, packed: Record<string, string>): Promise<void> {
  newApp(dir, { name: 'outside-npm-app', private: true })
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      ...tarballsOf(packed),
      ...FRAMEWORKS,
      '@types/express',
    ],
    { cwd: dir, env: outsideEnv(), maxBuffer: 16 * 1024 * 1024 },
  )
}

/**
 * The README's pnpm command: `pnpm add <tarballs> express fastify` (the emulator's
 * tarball too, whose `kit-emulator` bin the test runs) in an app whose package.json
 * points `@kit/core` at its tarball with `pnpm.overrides`. pnpm resolves each tarball's
 * own dependencies again, so without the override `@kit/express`'s `@kit/core@0.1.0` is
 * looked up on the registry (a 404 until it is published).
 */
export async function installWithPnpm(dir: string, packed: Record<string, string>): Promise<void> {
  const core = tarballsOf(packed)[0]
  const emulator = packed['@kit/emulator']
  if (!emulator) throw new Error('pack-all produced no tarball for @kit/emulator')
  newApp(dir, {
    name: 'outside-pnpm-app',
    private: true,
    pnpm: {
      overrides: { '@kit/core': `file:${core}` },
      // pnpm 10 runs no install script it was not told to: the emulator's SQLite binding.
      onlyBuiltDependencies: ['better-sqlite3'],
    },
  })
  const tarballs = [...tarballsOf(packed), emulator]
  await run('pnpm', ['add', '--prefer-offline', ...tarballs, ...FRAMEWORKS], {
    cwd: dir,
    env: outsideEnv(FAST_NATIVE_BUILD),
    maxBuffer: 16 * 1024 * 1024,
  })
}
