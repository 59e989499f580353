import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { parseCliArgs, USAGE } from '../../src/util/cli-args.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'kit-emu-cli-env-'))
const children: ChildProcess[] = []
afterEach(async () => {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done()
          child.once('exit', () => done())
          child.kill('SIGTERM')
        }),
    ),
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the CLI until its banner is complete (or it exits); resolves with output and exit code. */
function runCli(args: string[]): Promise<{ out: string; code: number | null }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@kit/source', '--import', 'tsx', 'packages/emulator/src/cli.ts'].concat([
      '--port',
      '0',
      '--memory',
      ...args,
    ]),
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  let out = ''
  return new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`CLI gave no banner: ${out}`)), 30_000)
    const collect = (chunk: Buffer) => {
      out += chunk
      if (/KIT_BASE_URL=\S+[\s\S]*(environment client secret|--write-env <path>)/.test(out)) {
        clearTimeout(timer)
        done({ out, code: null })
      }
    }
    child.stdout!.on('data', collect)
    child.stderr!.on('data', (c) => {
      out += c
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      done({ out, code })
    })
  })
}

const sessionSecret = (out: string) => /KIT_SESSION_SECRET=(\S+)/.exec(out)?.[1]
let firstBanner = ''

describe('kit-emulator: the app .env banner and --write-env', () => {
  it('parses --app-url (repeatable), --write-env and --force; help says --seed replaces the demo data', () => {
    expect(
      parseCliArgs([
        '--app-url',
        'http://localhost:5101',
        '--app-url',
        'http://localhost:5102',
        '--write-env',
        '.env',
        '--force',
      ]),
    ).toMatchObject({
      appUrl: ['http://localhost:5101', 'http://localhost:5102'],
      envFile: '.env',
      force: true,
    })
    expect(() => parseCliArgs(['--force'])).toThrow(/--force only applies to --write-env/)
    expect(USAGE).toMatch(
      /--seed <file\.json> {4}seed a fresh database from this file; it REPLACES/,
    )
    expect(USAGE).toContain('"extends": "default"')
    expect(USAGE).toContain('--app-url <url>')
  })

  it('prints the app .env, which client is the app and which the management API', async () => {
    const { out, code } = await runCli([])
    expect(code).toBeNull()
    firstBanner = out
    const url = /listening on (http:\/\/\S+)/.exec(out)![1]
    expect(out).toContain(`KIT_ENVIRONMENT_URL=${url}\n`)
    expect(out).toContain('# Application client skc_demo_app: your app')
    expect(out).toContain('KIT_CLIENT_ID=skc_demo_app\n')
    expect(out).toContain('KIT_CLIENT_SECRET=sks_demo_app_local_development_secret\n')
    expect(out).toMatch(/\nKIT_SESSION_SECRET=[A-Za-z0-9_-]{43}\n/)
    expect(out).toContain('KIT_BASE_URL=http://localhost:3000\n')
    // no endpoint registered: the line says how to get one instead of inventing a secret
    expect(out).toContain('# KIT_WEBHOOK_SECRET=  (no webhook endpoint: start the emulator with')
    expect(out).toMatch(/Management API \(M2M, client_credentials\).*not your app's sign-in/)
    expect(out).toContain('environment client secret: sks_demo_env_local_development_secret')
  })

  it('--write-env refuses an existing file unless --force', async () => {
    const path = join(dir, '.env')
    writeFileSync(path, 'DATABASE_URL=postgres://keep-me\n')
    const refused = await runCli(['--write-env', path])
    expect(refused.code).toBe(2)
    expect(refused.out).toContain(`--write-env ${path} exists; pass --force to overwrite it`)
    expect(readFileSync(path, 'utf8')).toBe('DATABASE_URL=postgres://keep-me\n')
    const forced = await runCli([
      '--write-env',
      path,
      '--force',
      '--app-url',
      'http://localhost:5101',
    ])
    expect(forced.code).toBeNull()
    expect(forced.out).toContain(`.env written to ${path}`)
    const text = readFileSync(path, 'utf8')
    expect(text).not.toContain('DATABASE_URL')
    expect(text).toContain('KIT_BASE_URL=http://localhost:5101\n')
    expect(text).toMatch(/\nKIT_WEBHOOK_SECRET=whsec_\S+\n/)
    // a fresh session secret per start
    expect(sessionSecret(text)).toBeTruthy()
    expect(sessionSecret(text)).not.toBe(sessionSecret(firstBanner))
  })
})
