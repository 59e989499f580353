/**
 * The `.env` the emulator CLI writes (`kit-emulator --app-url ... --write-env ...`) is all an
 * app needs: core's env config accepts it as is, and an app on the registered URL signs
 * in through that emulator with it. The CLI is spawned as a user runs it.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createKitRoutes, type EnvSource, resolveEnvConfig } from '../../src/http/index.js'
import { Jar } from './support/harness.js'

const ROOT = resolve(import.meta.dirname, '../../../..')
const CLI = 'packages/emulator/src/cli.ts'
const APP = 'http://localhost:5101'

let dir: string
let child: ChildProcess | undefined
let output = ''
let emulatorUrl = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kit-env-file-'))
  child = spawn(
    process.execPath,
    ['--conditions=@kit/source', '--import', 'tsx', CLI, '--port', '0', '--memory'].concat([
      '--app-url',
      APP,
      '--write-env',
      join(dir, '.env'),
    ]),
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  child.stdout!.on('data', (c) => {
    output += c
  })
  child.stderr!.on('data', (c) => {
    output += c
  })
  emulatorUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`emulator CLI did not start: ${output}`)), 30_000)
    child!.stdout!.on('data', () => {
      const m = /\.env written to/.test(output) && /listening on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        done(m[1]!)
      }
    })
    child!.on('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`emulator CLI exited with ${code}: ${output}`))
    })
  })
})
afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** `NAME=value` lines of a `.env` (comments and blank lines skipped). */
function parseEnv(text: string): EnvSource {
  const env: EnvSource = {}
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line)
    if (m) env[m[1]!] = m[2]
  }
  return env
}

describe('the emulator CLI .env (--write-env) configures a kit app', () => {
  it('holds every KIT_* setting, readable by its owner only, and matches the banner', async () => {
    const path = join(dir, '.env')
    const text = await readFile(path, 'utf8')
    const env = parseEnv(text)
    expect(Object.keys(env).sort()).toEqual([
      'KIT_BASE_URL',
      'KIT_CLIENT_ID',
      'KIT_CLIENT_SECRET',
      'KIT_ENVIRONMENT_URL',
      'KIT_SESSION_SECRET',
      'KIT_WEBHOOK_SECRET',
    ])
    expect(env).toMatchObject({
      KIT_ENVIRONMENT_URL: emulatorUrl,
      KIT_CLIENT_ID: 'skc_demo_app',
      KIT_BASE_URL: APP,
    })
    expect(env['KIT_WEBHOOK_SECRET']).toMatch(/^whsec_/)
    expect(env['KIT_SESSION_SECRET']!.length).toBeGreaterThanOrEqual(32)
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    for (const line of text.split('\n').filter((l) => l.startsWith('KIT_')))
      expect(output).toContain(line)
    expect(output).toMatch(/Management API \(M2M, client_credentials\)/)
    expect(output).toContain('environment client id:     skc_demo_env')
  })

  it('core resolves it and an app on the --app-url signs in with it', async () => {
    const env = parseEnv(await readFile(join(dir, '.env'), 'utf8'))
    const routes = createKitRoutes(resolveEnvConfig({}, env))
    const jar = new Jar()
    const login = (await routes.handle(
      new Request(`${APP}/auth/login?returnTo=%2Fprojects`, {
        headers: { 'sec-fetch-site': 'same-origin' },
      }),
    ))!
    expect(login.status).toBe(302)
    jar.apply(login)
    const browser = new EmulatorBrowser({ allowedOrigins: [emulatorUrl] })
    const page = await browser.get(login.headers.get('location')!)
    const landing = await browser.click(page, 'Sign in as alice@acme.test')
    expect(landing.stopped).toBe(true)
    expect(landing.url.origin + landing.url.pathname).toBe(`${APP}/auth/callback`)
    const callback = (await routes.handle(
      new Request(landing.url.href, { headers: { cookie: jar.header() } }),
    ))!
    expect(callback.status, await callback.clone().text()).toBe(302)
    expect(callback.headers.get('location')).toBe(`${APP}/projects`)
    jar.apply(callback)
    expect(jar.cookies.get('kit_session')).toMatch(/^Fe26\.2\*/)
    // KIT_WEBHOOK_SECRET mounted the webhook route: an unsigned delivery is refused, not 404.
    const hook = (await routes.handle(
      new Request(`${APP}/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    ))!
    expect(hook.status).toBe(401)
  })
})
