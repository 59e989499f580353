/**
 * Builds a Next.js test app with `next build` at most once per change: each build goes
 * to a folder named by a hash of every source it reads, so a second test file, a second
 * suite (the multi-instance cluster serves the browser suite's build of next16) or a
 * second run in the same clone reuses it.
 *
 * What a build reads is the app's folder, the sources of every workspace package it
 * depends on (followed through their own workspace dependencies: @kit/next brings
 * @kit/core), and the lockfile for everything else. The list is derived from the
 * package.json files rather than written down, so an app rebuilds when a package it
 * bundles changes and never when one it does not use changes.
 */
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RunTimeoutError, runToEnd } from './child-process.js'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

/** Folders of an app or package that are outputs, not sources. */
const SKIP = new Set(['node_modules', '.next', 'dist', 'next-env.d.ts'])

function collect(path: string, into: string[]): void {
  if (!existsSync(path)) return
  if (statSync(path).isFile()) {
    into.push(path)
    return
  }
  for (const name of readdirSync(path).sort()) {
    if (!SKIP.has(name)) collect(join(path, name), into)
  }
}

interface Manifest {
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

/**
 * Folders of the workspace packages `dir` depends on at run time, directly or through
 * another workspace package, found through the links pnpm made in its node_modules.
 * Dev dependencies are left out: a bundle never contains a package's test tools.
 */
export function workspaceDependencies(dir: string, seen = new Set<string>()): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
  const deps = { ...manifest.peerDependencies, ...manifest.dependencies }
  for (const [name, spec] of Object.entries(deps)) {
    if (!spec.startsWith('workspace:')) continue
    const linked = join(dir, 'node_modules', name)
    if (!existsSync(linked)) {
      throw new Error(`${dir}: ${name} is not linked; run pnpm install`)
    }
    const target = realpathSync(linked)
    if (seen.has(target)) continue
    seen.add(target)
    workspaceDependencies(target, seen)
  }
  return [...seen].sort()
}

/** Hash of the names and contents of everything the app's build reads. */
export function sourceHash(appDir: string): string {
  const files: string[] = []
  collect(appDir, files)
  for (const dep of workspaceDependencies(appDir)) {
    collect(join(dep, 'package.json'), files)
    collect(join(dep, 'src'), files)
  }
  collect(join(ROOT, 'pnpm-lock.yaml'), files)
  const hash = createHash('sha256')
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

/** Environment for `next build` / `next start`: no telemetry, nothing downloaded. */
export function nextEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  // vitest sets NODE_ENV=test, which next refuses to combine with a production build.
  delete env['NODE_ENV']
  // The kit's settings come from the test at start time, never from the build.
  for (const key of Object.keys(env)) if (key.startsWith('KIT_')) delete env[key]
  return { ...env, NEXT_TELEMETRY_DISABLED: '1', ...extra }
}

/** The folder of `test-apps/<app>`. */
export function testAppDir(app: string): string {
  return join(ROOT, 'test-apps', app)
}

/** The `next` CLI the app itself depends on (Next 15 and 16 side by side). */
export function nextCli(appDir: string): string {
  return join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
}

/** The app's own `build` script (`next build ...`) as arguments of the `next` CLI. */
function buildArgs(appDir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8'))
  const [bin, ...args] = String(manifest.scripts?.build ?? 'next build').split(/\s+/)
  if (bin !== 'next') throw new Error(`${appDir}: the build script must run next, not ${bin}`)
  return args
}

/** What `ensureBuilt` did. */
export interface BuildResult {
  /** The build's folder relative to the app (`KIT_TEST_DIST_DIR` for `next start`). */
  distDir: string
  /** False when a build of exactly these sources was reused. */
  built: boolean
  /** Wall-clock milliseconds spent building (0 when reused). */
  ms: number
  /** `next build`'s output (kept beside the build, so also when reused). */
  output: string
}

/**
 * How long a test may take to get a built Next.js app (the `beforeAll` timeout of every
 * file that builds one). A cold `next build` takes one to two minutes on two cores, longer
 * beside the rest of `pnpm test`, and a file may first wait for another file's build of
 * the same app under the lock below (the multi-instance cluster and the Next.js 16 browser
 * suites share a build; two e2e files run at once). 240 s was not enough in CI for a file
 * that waited: its ten tests were skipped. A hung build is killed sooner, after
 * {@link NEXT_BUILD_ATTEMPT_MS}, and built once more.
 */
export const NEXT_BUILD_TIMEOUT_MS = 9 * 60_000

/**
 * How long one `next build` may run before it is taken as hung, killed with its workers and
 * started once more. A cold build takes 60-90 s beside the rest of `pnpm test` (the Next.js
 * 15 browser file, build included, took 80-95 s in every CI run on record); once a build of
 * Next.js 15 ran past the file's nine minutes in CI and the hook's timeout showed nothing
 * of what it had printed. Two attempts fit in {@link NEXT_BUILD_TIMEOUT_MS}.
 */
export const NEXT_BUILD_ATTEMPT_MS = 4 * 60_000

const LOCK_STALE_MS = 10 * 60_000
const KEEP_OLD_BUILDS_MS = 2 * 60 * 60_000

/**
 * Takes a lock directory (atomic `mkdir`), waiting while another process holds it;
 * a lock older than ten minutes is left over from a killed run and is taken over.
 */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, 500))
    }
  }
  try {
    return await work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** Removes builds of older sources that no run has used for two hours. */
function pruneOldBuilds(builds: string, keep: string): void {
  for (const name of readdirSync(builds)) {
    const dir = join(builds, name)
    if (name === keep || !name.startsWith('kit-')) continue
    if (Date.now() - statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS) {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Builds `test-apps/<app>` into `.next/kit-<hash>` unless a build of exactly these
 * sources is there already (its stamp is written only after a successful build). One
 * build at a time per app, across processes: a second test file or a second run waits
 * for it and reuses it, and never rebuilds a folder a running `next start` serves.
 */
export async function ensureBuilt(app: string): Promise<BuildResult> {
  const appDir = testAppDir(app)
  const hash = sourceHash(appDir).slice(0, 16)
  const distDir = `.next/kit-${hash}`
  const builds = join(appDir, '.next')
  mkdirSync(builds, { recursive: true })
  const stamp = join(appDir, distDir, 'kit-build-complete')
  const log = join(appDir, distDir, 'kit-build-output.log')
  return withLock(join(builds, 'kit-build.lock'), async () => {
    if (existsSync(stamp)) {
      utimesSync(join(appDir, distDir), new Date(), new Date())
      const output = existsSync(log) ? readFileSync(log, 'utf8') : ''
      return { distDir, built: false, ms: 0, output }
    }
    pruneOldBuilds(builds, `kit-${hash}`)
    const started = Date.now()
    // Next 15 writes the build folder into the tsconfig it is given: give it a throwaway one.
    const tsconfig = `.next/kit-${hash}.tsconfig.json`
    writeFileSync(join(appDir, tsconfig), '{ "extends": "../tsconfig.json" }\n')
    const env = nextEnv({ KIT_TEST_DIST_DIR: distDir, KIT_TEST_TSCONFIG: tsconfig })
    const args = [nextCli(appDir), ...buildArgs(appDir)]
    const output = await buildWithRetry(app, () => {
      rmSync(join(appDir, distDir), { recursive: true, force: true })
      return runToEnd(process.execPath, args, appDir, env, { timeoutMs: NEXT_BUILD_ATTEMPT_MS })
    })
    writeFileSync(log, output)
    writeFileSync(stamp, hash)
    return { distDir, built: true, ms: Date.now() - started, output }
  })
}

/**
 * Runs `build` and, if it hung (a {@link RunTimeoutError}), once more from a clean folder.
 * The hung attempt's output goes to `log` (stderr), so the log says where it stopped. A
 * build that fails is not retried: a compile error fails the same way twice.
 */
export async function buildWithRetry(
  app: string,
  build: () => Promise<string>,
  log: (line: string) => void = (line) => process.stderr.write(line),
): Promise<string> {
  try {
    return await build()
  } catch (error) {
    if (!(error instanceof RunTimeoutError)) throw error
    log(`next build of ${app} hung and was killed; building again. ${error.message}\n`)
    return build()
  }
}
