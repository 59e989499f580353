/**
 * `npx kit check` (packages/core/bin/kit.mjs), spawned as a user runs it, against a
 * real emulator: settings from an env file and the environment, one line per check,
 * exit code 0 only when every check passes.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../support/emulator.js'

const ROOT = resolve(import.meta.dirname, '../../../..')
const BIN = resolve(import.meta.dirname, '../../bin/kit.mjs')

let emu: EmulatorHandle
let dir: string
beforeAll(async () => {
  emu = await startTestEmulator()
  dir = await mkdtemp(join(tmpdir(), 'kit-check-'))
})
afterAll(async () => {
  await emu?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** Runs `kit <args>` from the sources, with only PATH and `env` in its environment. */
function kit(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--conditions=@kit/source', '--import', 'tsx', BIN, ...args],
      { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
        done({ code, stdout, stderr })
      },
    )
  })
}

async function envFile(name: string, lines: Record<string, string>): Promise<string> {
  const path = join(dir, name)
  const text = Object.entries(lines).map(([k, v]) => `${k}="${v}"`)
  await writeFile(path, `# written by the test\n${text.join('\n')}\n`)
  return path
}

describe('kit check', () => {
  it('passes with the emulator settings from --env and exits 0', async () => {
    const file = await envFile('good.env', {
      KIT_ENVIRONMENT_URL: emu.url,
      KIT_CLIENT_ID: emu.clientId,
      KIT_CLIENT_SECRET: emu.clientSecret,
      KIT_BASE_URL: 'http://localhost:3000',
    })
    const run = await kit(['check', '--env', file])
    expect(run.stderr).not.toContain('kit:')
    expect(run.stdout).toContain('ok   environment')
    expect(run.stdout).toContain('ok   client')
    expect(run.stdout).toContain(
      'ok   redirect_uri http://localhost:3000/auth/callback is accepted',
    )
    expect(run.stdout).toContain('All checks passed.')
    expect(run.code).toBe(0)
  })

  it('a wrong secret: exit 1, the code and the fix printed, the secret not', async () => {
    const secret = 'sks_this_secret_is_wrong_and_private'
    const file = await envFile('bad.env', {
      KIT_ENVIRONMENT_URL: emu.url,
      KIT_CLIENT_ID: emu.clientId,
      KIT_CLIENT_SECRET: secret,
    })
    const run = await kit(['check', '--env', file, '--base-url', 'http://localhost:3000'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('FAIL client')
    expect(run.stdout).toContain(
      '[invalid_client_credentials] fix: Check KIT_CLIENT_ID and KIT_CLIENT_SECRET',
    )
    expect(run.stdout).toContain('1 problem found.')
    expect(run.stdout + run.stderr).not.toContain(secret)
  })

  it('the environment wins over the env file; localhost vs 127.0.0.1 is named', async () => {
    const file = await envFile('mixed.env', {
      KIT_ENVIRONMENT_URL: emu.url,
      KIT_CLIENT_ID: emu.clientId,
      KIT_CLIENT_SECRET: emu.clientSecret,
    })
    const localhost = emu.url.replace('127.0.0.1', 'localhost')
    const run = await kit(['check', '--env', file], { KIT_ENVIRONMENT_URL: localhost })
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('[issuer_mismatch]')
    expect(run.stdout).toContain(`set KIT_ENVIRONMENT_URL (environmentUrl) to ${emu.url}`)
  })

  it('missing settings: exit 1 naming the variables', async () => {
    const run = await kit(['check'], { KIT_ENVIRONMENT_URL: emu.url })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('KIT_CLIENT_ID')
    expect(run.stderr).toContain('KIT_CLIENT_SECRET')
  })

  it('an unknown command: exit 1 with the usage hint', async () => {
    const run = await kit(['chek'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('unknown command "chek"; run: kit check --help')
  })
})
