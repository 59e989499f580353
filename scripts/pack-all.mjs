// `pnpm pack:all`: packs every publishable package (packages/* that is not private) into
// one folder, so an app outside this repository can install the kit before it is on a
// registry. `pnpm pack` rewrites `workspace:*` ranges to the packages' versions; the
// tarballs get stable names (`@kit/core` -> `kit-core.tgz`) that install commands and
// `pnpm.overrides` can point at, and manifest.json records each one's version and hash.
// Each tarball's package.json loses the `@kit/source` condition (in `exports` and in
// `imports`, where `@kit/core` picks its Node or Web Crypto seal): it points at
// `src/*.ts`, which only exists in this repository (tests and dev run from sources), so a
// user whose tooling set that condition would resolve files the package does not ship.
//
//   node scripts/pack-all.mjs [--out <dir>] [--no-build] [@kit/name ...]
//
// Packages whose build output is missing or older than their sources are built first
// (`--no-build` skips that); naming packages packs only those.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs, promisify } from 'node:util'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: join(root, 'packed') },
    'no-build': { type: 'boolean', default: false },
  },
})
const outDir = resolve(values.out)

/** Publishable workspace packages: packages/* whose package.json is not private. */
function publishablePackages() {
  const found = []
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkgDir = join(root, 'packages', dir)
    const manifest = join(pkgDir, 'package.json')
    if (!existsSync(manifest)) continue
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'))
    if (pkg.private) continue
    found.push({ dir: pkgDir, name: pkg.name, version: pkg.version })
  }
  return found
}

/** Newest modification time (ms) of the files under `path`, skipping node_modules. */
function newestMtime(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue
    newest = Math.max(newest, newestMtime(join(path, entry)))
  }
  return newest
}

/** Oldest modification time (ms) of the files directly in `dir` (Infinity when empty). */
function oldestMtime(dir) {
  if (!existsSync(dir)) return 0
  let oldest = Number.POSITIVE_INFINITY
  for (const entry of readdirSync(dir)) {
    const stat = statSync(join(dir, entry))
    if (stat.isFile()) oldest = Math.min(oldest, stat.mtimeMs)
  }
  return oldest === Number.POSITIVE_INFINITY ? 0 : oldest
}

/** A build is stale when any source or build setting changed after its output was written. */
function needsBuild(pkgDir) {
  const inputs = ['src', 'package.json', 'tsup.config.ts', 'tsconfig.json']
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(pkgDir, p))))
  return oldestMtime(join(pkgDir, 'dist')) < newestInput
}

/** The export condition that maps the workspace's packages to their TypeScript sources. */
const SOURCE_CONDITION = '@kit/source'

/** `exports` (or any part of it) without the source condition, at every depth. */
function withoutSourceCondition(value) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== SOURCE_CONDITION)
      .map(([key, inner]) => [key, withoutSourceCondition(inner)]),
  )
}

/**
 * Rewrites `package/package.json` inside `tarball` without the source condition. The
 * other entries are re-archived unchanged; a tarball without the condition is left as is.
 */
async function stripSourceCondition(tarball) {
  const work = await mkdtemp(join(tmpdir(), 'kit-pack-'))
  try {
    await run('tar', ['-xzf', tarball, '-C', work])
    const manifestPath = join(work, 'package', 'package.json')
    const text = await readFile(manifestPath, 'utf8')
    if (!text.includes(SOURCE_CONDITION)) return
    const manifest = JSON.parse(text)
    manifest.exports = withoutSourceCondition(manifest.exports)
    if (manifest.imports) manifest.imports = withoutSourceCondition(manifest.imports)
    const rewritten = `${JSON.stringify(manifest, null, 2)}\n`
    if (rewritten.includes(SOURCE_CONDITION)) {
      throw new Error(`${tarball}: "${SOURCE_CONDITION}" is used outside "exports" and "imports"`)
    }
    await writeFile(manifestPath, rewritten)
    await run('tar', ['-czf', tarball, '-C', work, 'package'])
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}

/** `@kit/core` -> `kit-core.tgz`: the name docs and overrides use, whatever the version. */
function tarballName(packageName) {
  return `${packageName.replace(/^@/, '').replace('/', '-')}.tgz`
}

let packages = publishablePackages()
if (positionals.length > 0) {
  const unknown = positionals.filter((name) => !packages.some((p) => p.name === name))
  if (unknown.length > 0) {
    console.error(
      `pack-all: not a publishable package: ${unknown.join(', ')} (have: ${packages.map((p) => p.name).join(', ')})`,
    )
    process.exit(2)
  }
  packages = packages.filter((p) => positionals.includes(p.name))
}

const stale = values['no-build'] ? [] : packages.filter((p) => needsBuild(p.dir))
if (stale.length > 0) {
  console.log(`pack-all: building ${stale.map((p) => p.name).join(', ')}`)
  const filters = stale.flatMap((p) => ['--filter', p.name])
  try {
    await run('pnpm', ['-r', ...filters, 'build'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    console.error(`${error.stdout ?? ''}${error.stderr ?? ''}`)
    console.error('pack-all: the build failed (output above); nothing was packed')
    process.exit(1)
  }
}

// Only this script's tarballs are replaced: other files in the folder stay.
mkdirSync(outDir, { recursive: true })
for (const p of packages) rmSync(join(outDir, tarballName(p.name)), { force: true })

const packed = await Promise.all(
  packages.map(async (p) => {
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', outDir, '--json'], {
      cwd: p.dir,
      maxBuffer: 16 * 1024 * 1024,
    })
    const { filename } = JSON.parse(stdout)
    const file = tarballName(p.name)
    await rename(filename, join(outDir, file))
    await stripSourceCondition(join(outDir, file))
    const integrity = `sha512-${createHash('sha512')
      .update(readFileSync(join(outDir, file)))
      .digest('base64')}`
    return { name: p.name, version: p.version, file, integrity }
  }),
)

const manifest = Object.fromEntries(packed.map(({ name, ...rest }) => [name, rest]))
await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
for (const p of packed) console.log(`pack-all: ${p.name}@${p.version} -> ${join(outDir, p.file)}`)
