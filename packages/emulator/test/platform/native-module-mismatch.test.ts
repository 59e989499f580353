// A real mismatch, not a simulated error: the emulator CLI runs under Node 22 (the
// registry's Node package, scripts/node-runtime.mjs) against the better-sqlite3 that
// `pnpm install` built for the installing Node (20 in CI and on the floor).
import { spawn } from 'node:child_process'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureNode } from '../../../../scripts/node-runtime.mjs'
import {
  explainNativeModuleError,
  NativeModuleMismatchError,
} from '../../src/store/native-module-mismatch.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const OTHER_NODE = '22'

let node22: string
beforeAll(async () => {
  node22 = await ensureNode(OTHER_NODE)
}, 180_000)

/** Runs the CLI to completion under `node`, without the matrix runs' binding redirect. */
function runCli(node: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env }
  delete env.NODE_OPTIONS
  delete env.KIT_TEST_SQLITE_BINDING
  return new Promise((resolve, reject) => {
    const child = spawn(
      node,
      [
        '--conditions=@kit/source',
        '--import',
        'tsx',
        'packages/emulator/src/cli.ts',
        '--port',
        '0',
        '--memory',
      ],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (c) => {
      stdout += c
    })
    child.stderr.on('data', (c) => {
      stderr += c
    })
    // If the mismatch went unnoticed the emulator would start and keep running.
    const timer = setTimeout(() => child.kill('SIGTERM'), 45_000)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
  })
}

describe('better-sqlite3 built for another Node', () => {
  it('the CLI exits 1 naming the Node the module was built for, the running Node and the rebuild command', async () => {
    const { code, stdout, stderr } = await runCli(node22)
    expect(stdout).not.toContain('listening')
    expect(code).toBe(1)
    const line =
      /was built for Node (\d+) \(NODE_MODULE_VERSION (\d+)\), but this is Node v22\.\d+\.\d+ \(NODE_MODULE_VERSION 127\)/.exec(
        stderr,
      )
    expect(line, stderr).not.toBeNull()
    expect(line?.[2]).not.toBe('127')
    // The registry's Node ships its headers beside bin/: the command points node-gyp at
    // them, so a `nodedir` for the old Node in .npmrc cannot rebuild the same mismatch.
    const prefix = dirname(dirname(node22))
    expect(stderr).toContain(`\n    npm_config_nodedir=${prefix} pnpm rebuild better-sqlite3\n`)
    // Node's own advice (`npm rebuild`) and its stack are not what the user reads.
    expect(stderr).not.toContain('at Module.')
    expect(stderr.startsWith('kit-emulator: better-sqlite3')).toBe(true)
  }, 60_000)
})

describe('explainNativeModuleError', () => {
  it('keeps the load error as cause and gives npm projects the npm command', () => {
    const dlopen = Object.assign(
      new Error(
        "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
          'was compiled against a different Node.js version using\n' +
          'NODE_MODULE_VERSION 137. This version of Node.js requires\n' +
          'NODE_MODULE_VERSION 115. Please try re-compiling or re-installing',
      ),
      { code: 'ERR_DLOPEN_FAILED' },
    )
    const explained = explainNativeModuleError(dlopen)
    expect(explained).toBeInstanceOf(NativeModuleMismatchError)
    const error = explained as NativeModuleMismatchError
    expect(error.code).toBe('ERR_EMU_NATIVE_MODULE_MISMATCH')
    expect(error.builtForAbi).toBe(137)
    expect(error.runningAbi).toBe(115)
    expect(error.cause).toBe(dlopen)
    expect(error.message).toContain('built for Node 24 (NODE_MODULE_VERSION 137)')
    expect(error.fix).toMatch(/(^|\s)npm rebuild better-sqlite3$/)
  })

  it('passes any other error through unchanged', () => {
    const other = new Error('SQLITE_CANTOPEN: unable to open database file')
    expect(explainNativeModuleError(other)).toBe(other)
  })
})
