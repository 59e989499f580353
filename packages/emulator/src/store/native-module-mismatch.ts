// better-sqlite3 is a native module: it loads only into the Node major (ABI) it was
// compiled for. After switching Node (nvm use 22, a new base image) the emulator would die
// on Node's generic dlopen message. A plain `pnpm rebuild better-sqlite3` is not always
// the fix: node-gyp compiles against the headers that npm's `nodedir` setting names when
// one is set (an .npmrc line, a machine image's default), and headers of the old Node
// give a module that "rebuilt" fine and still does not load. So the message names the
// Node the module was built for, the Node that is running, and a rebuild command that
// points node-gyp at the running Node's own headers when they are installed beside it.
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** Node major for each NODE_MODULE_VERSION (ABI) a release line has used. */
const NODE_MAJOR_BY_ABI: Readonly<Record<number, number>> = {
  108: 18,
  111: 19,
  115: 20,
  120: 21,
  127: 22,
  131: 23,
  137: 24,
  141: 25,
}

/**
 * better-sqlite3's native module was compiled for another Node than the one running
 * (`code` `'ERR_EMU_NATIVE_MODULE_MISMATCH'`); the message carries the fix.
 *
 * @example
 * try { await startEmulator() }
 * catch (e) { if (e instanceof NativeModuleMismatchError) console.error(e.message) }
 */
export class NativeModuleMismatchError extends Error {
  /** Stable machine-readable reason. */
  readonly code = 'ERR_EMU_NATIVE_MODULE_MISMATCH'
  /** NODE_MODULE_VERSION the module was compiled against. */
  readonly builtForAbi: number
  /** NODE_MODULE_VERSION of the running Node. */
  readonly runningAbi: number
  /** The command that rebuilds the module for the running Node. */
  readonly fix: string

  constructor(builtForAbi: number, runningAbi: number, modulePath: string, cause: unknown) {
    const fix = rebuildCommand(modulePath)
    const built = describeAbi(builtForAbi)
    super(
      `better-sqlite3 (the emulator's database) was built for ${built}, but this is Node ${process.version} (NODE_MODULE_VERSION ${runningAbi}).\n` +
        `  Rebuild it for this Node, in the project that installed it:\n\n    ${fix}\n\n` +
        `  or switch back to ${built}. Native module: ${modulePath}`,
      { cause },
    )
    this.name = 'NativeModuleMismatchError'
    this.builtForAbi = builtForAbi
    this.runningAbi = runningAbi
    this.fix = fix
  }
}

/**
 * Returns a {@link NativeModuleMismatchError} for Node's "compiled against a different
 * Node.js version" load failure, and any other error unchanged.
 */
export function explainNativeModuleError(error: unknown): unknown {
  const message = error instanceof Error ? error.message : ''
  const versions = /NODE_MODULE_VERSION (\d+)\.[\s\S]*?NODE_MODULE_VERSION (\d+)/.exec(message)
  if (!versions) return error
  const modulePath = /The module '([^']+)'/.exec(message)?.[1] ?? 'better_sqlite3.node'
  return new NativeModuleMismatchError(Number(versions[1]), Number(versions[2]), modulePath, error)
}

function describeAbi(abi: number): string {
  const major = NODE_MAJOR_BY_ABI[abi]
  return major ? `Node ${major} (NODE_MODULE_VERSION ${abi})` : `NODE_MODULE_VERSION ${abi}`
}

/**
 * pnpm keeps packages under node_modules/.pnpm; npm and yarn do not. Official Node
 * builds (tarballs, nvm, the registry's node packages, distro packages) ship their
 * headers at <prefix>/include/node: naming that prefix wins over any `nodedir` in .npmrc.
 */
function rebuildCommand(modulePath: string, execPath = process.execPath): string {
  const manager = /[\\/]node_modules[\\/]\.pnpm[\\/]/.test(modulePath) ? 'pnpm' : 'npm'
  const prefix = dirname(dirname(execPath))
  const headers = existsSync(join(prefix, 'include', 'node', 'node_version.h'))
  return `${headers ? `npm_config_nodedir=${prefix} ` : ''}${manager} rebuild better-sqlite3`
}
