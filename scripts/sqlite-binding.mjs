// better-sqlite3's native module for another Node. The installed copy under
// node_modules is built for the Node that ran `pnpm install`; a Node with another ABI
// (NODE_MODULE_VERSION) cannot load it. This builds the same better-sqlite3 version from
// its own sources with node-gyp against the other Node's headers (`--nodedir`: nothing is
// downloaded, no prebuilt binary is fetched) and caches the result per ABI in
// ~/.cache/kit/better-sqlite3/<version>-<abi>/better_sqlite3.node.
//
// The installed binary is never replaced: scripts/sqlite-binding-preload.cjs redirects
// the load for one process tree instead (see nodeOptionsForBinding).
//
// CLI: `node scripts/sqlite-binding.mjs 22` builds (or finds) it and prints its path.
import { execFile } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { ensureNodeDir, kitCacheDir } from './node-runtime.mjs'

const run = promisify(execFile)
const repoRoot = fileURLToPath(new URL('..', import.meta.url))

/** The better-sqlite3 package directory the emulator resolves. */
export function betterSqliteDir() {
  const fromEmulator = createRequire(join(repoRoot, 'packages', 'emulator', 'package.json'))
  return dirname(fromEmulator.resolve('better-sqlite3/package.json'))
}

/**
 * Path of a `better_sqlite3.node` that Node `version` can load, built on first use
 * (about a minute on two cores) and cached per better-sqlite3 version and ABI.
 *
 * @param {string} version Node version or range, as for ensureNode (`'22'`, `'24'`).
 * @returns {Promise<string>}
 */
export async function ensureSqliteBinding(version) {
  const nodeDir = await ensureNodeDir(version)
  const node = join(nodeDir, 'bin', 'node')
  const { stdout: abi } = await run(node, ['-p', 'process.versions.modules'])
  const pkgDir = betterSqliteDir()
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
  const cacheDir = join(kitCacheDir(), 'better-sqlite3', `${pkg.version}-${abi.trim()}`)
  const binding = join(cacheDir, 'better_sqlite3.node')
  if (existsSync(binding)) return binding

  // Build in a private copy of the sources so the installed package is never touched
  // (other processes keep loading it while this runs).
  const work = mkdtempSync(join(tmpdir(), 'kit-better-sqlite3-'))
  try {
    for (const entry of ['binding.gyp', 'src', 'deps', 'package.json']) {
      cpSync(join(pkgDir, entry), join(work, entry), { recursive: true })
    }
    // -O0 instead of the package's -O3: this module only serves test runs, which CI's 15
    // minutes on two cores need more than a fast SQLite. Measured with node-gyp on this
    // machine: 45 s of CPU at -O0, 60 s at -O1 (the C++ binding is most of it; SQLite's
    // amalgamation alone is 9 s against 25 s). Flags from the environment come after
    // gyp's own, so these win.
    const env = {
      ...process.env,
      PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
      CFLAGS: `${process.env.CFLAGS ?? ''} -O0`.trim(),
      CXXFLAGS: `${process.env.CXXFLAGS ?? ''} -O0`.trim(),
    }
    // npm's own config may name a nodedir (this machine's says /usr, Node 20's headers);
    // the flag below must be the only one that counts.
    for (const key of Object.keys(env)) if (/^npm_config_nodedir$/i.test(key)) delete env[key]
    // At low priority where `nice` exists: CI compiles this beside `pnpm build` and
    // `pnpm typecheck`, which are on its critical path; this is not.
    const gyp = [
      node,
      await nodeGypScript(),
      'rebuild',
      '--release',
      `--nodedir=${nodeDir}`,
      '--jobs=max',
    ]
    const [command, ...argv] = existsSync('/usr/bin/nice')
      ? ['/usr/bin/nice', '-n', '10', ...gyp]
      : gyp
    await run(command, argv, { cwd: work, env, maxBuffer: 64 * 1024 * 1024 }).catch((error) => {
      throw new Error(
        `sqlite-binding: node-gyp failed for Node ${version}:\n${error.stderr ?? ''}`.trimEnd(),
        { cause: error },
      )
    })
    const built = join(work, 'build', 'Release', 'better_sqlite3.node')
    // Prove the build is loadable by that Node before caching it.
    await run(node, [
      '-e',
      `const m = { exports: {} }; process.dlopen(m, ${JSON.stringify(built)}); if (!m.exports.Database) process.exit(1)`,
    ])
    mkdirSync(cacheDir, { recursive: true })
    const staging = `${binding}.${process.pid}.tmp`
    cpSync(built, staging)
    renameSync(staging, binding)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return binding
}

/**
 * NODE_OPTIONS that make every Node process of a run load `binding` for better-sqlite3
 * (vitest's forks and the emulator CLIs that tests spawn inherit it).
 *
 * @param {string} binding
 * @returns {Record<string, string>} environment variables to add
 */
export function envForBinding(binding) {
  const preload = join(repoRoot, 'scripts', 'sqlite-binding-preload.cjs')
  const existing = process.env.NODE_OPTIONS ? ` ${process.env.NODE_OPTIONS}` : ''
  return {
    KIT_TEST_SQLITE_BINDING: binding,
    NODE_OPTIONS: `--require ${JSON.stringify(preload)}${existing}`,
  }
}

/** node-gyp as npm ships it, so nothing extra is installed. */
async function nodeGypScript() {
  const { stdout } = await run('npm', ['root', '-g'])
  const script = join(stdout.trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')
  if (!existsSync(script)) throw new Error(`sqlite-binding: npm's node-gyp not found at ${script}`)
  return script
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const version = process.argv[2]
  if (!version) {
    process.stderr.write('usage: node scripts/sqlite-binding.mjs <node-version>   e.g. 22, 24\n')
    process.exit(2)
  }
  process.stdout.write(`${await ensureSqliteBinding(version)}\n`)
}
