/**
 * `kit.checkSetup()` against a real emulator: each misconfiguration a new user makes
 * (wrong environment URL, wrong secret, localhost vs 127.0.0.1, unregistered callback,
 * baseUrl on the wrong port) gets its own code and a message naming what to change.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { EmulatorHandle } from '@kit/emulator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitClient, type SetupReport } from '../../src/index.js'
import { appKit, startRequestReceiver, startTestEmulator } from '../support/emulator.js'

const PORT_APP = { id: 'skc_port_app', secret: 'sks_port_app_secret_for_setup_check' }

let emu: EmulatorHandle
beforeAll(async () => {
  emu = await startTestEmulator()
  // A client registered for one exact origin (no loopback wildcard), as a real one is.
  await emu.seed({
    clients: [
      {
        kind: 'application',
        client_id: PORT_APP.id,
        client_secret: PORT_APP.secret,
        name: 'App on port 5101',
        redirect_uris: ['http://localhost:5101/auth/callback'],
      },
    ],
  })
})
afterAll(() => emu?.stop())

const failure = (report: SetupReport, check: string) =>
  report.results.find((r) => r.check === check && r.status === 'fail')

describe('checkSetup against the emulator', () => {
  it('passes every check for the demo client and a registered callback', async () => {
    const report = await appKit(emu).checkSetup({
      redirectUri: 'http://localhost:3000/auth/callback',
    })
    expect(report.results.map((r) => [r.check, r.status])).toEqual([
      ['environment', 'pass'],
      ['client', 'pass'],
      ['redirect_uri', 'pass'],
    ])
    expect(report.ok).toBe(true)
  })

  it('skips the redirect URI check without a redirect URI, naming KIT_BASE_URL', async () => {
    const report = await appKit(emu).checkSetup()
    expect(report.ok).toBe(true)
    expect(report.results[2]).toMatchObject({ check: 'redirect_uri', status: 'skip' })
    expect(report.results[2]!.message).toContain('KIT_BASE_URL')
  })

  it('wrong KIT_ENVIRONMENT_URL, nothing listening: environment_unreachable', async () => {
    const closed = await freePort()
    const kit = new KitClient({
      environmentUrl: `http://127.0.0.1:${closed}`,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    })
    const report = await kit.checkSetup({ redirectUri: 'http://localhost:3000/auth/callback' })
    expect(report.ok).toBe(false)
    expect(report.failures).toHaveLength(1)
    const f = report.failures[0]!
    expect(f).toMatchObject({ check: 'environment', code: 'environment_unreachable' })
    expect(f.message).toContain(`http://127.0.0.1:${closed}/.well-known/openid-configuration`)
    expect(f.message).toContain('connection refused')
    expect(f.fix).toContain('KIT_ENVIRONMENT_URL')
    expect(report.results.slice(1).map((r) => r.status)).toEqual(['skip', 'skip'])
  })

  it('wrong KIT_ENVIRONMENT_URL pointing at a web app: not_an_environment', async () => {
    const app = await startRequestReceiver(
      'http://127.0.0.1',
      async () => new Response('<h1>My app</h1>', { status: 404 }),
    )
    try {
      const kit = new KitClient({ environmentUrl: app.url, clientId: 'x', clientSecret: 'y' })
      const f = (await kit.checkSetup()).failures[0]!
      expect(f).toMatchObject({ check: 'environment', code: 'not_an_environment' })
      expect(f.message).toContain('not an identity environment')
      expect(f.fix).toContain("not your app's URL")
    } finally {
      await app.close()
    }
  })

  it('gives up within timeoutMs when the environment never answers', async () => {
    const server = createServer(() => {})
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const port = (server.address() as AddressInfo).port
      const kit = new KitClient({
        environmentUrl: `http://127.0.0.1:${port}`,
        clientId: 'x',
        clientSecret: 'y',
      })
      const started = Date.now()
      const f = (await kit.checkSetup({ timeoutMs: 300 })).failures[0]!
      expect(Date.now() - started).toBeLessThan(3000)
      expect(f).toMatchObject({ code: 'environment_unreachable' })
      expect(f.message).toContain('no answer within 300 ms')
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('localhost vs 127.0.0.1: issuer_mismatch saying to use exactly the issuer host', async () => {
    const port = new URL(emu.url).port
    const kit = new KitClient({
      environmentUrl: `http://localhost:${port}`,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
    })
    const f = failure(await kit.checkSetup(), 'environment')!
    expect(f.code).toBe('issuer_mismatch')
    expect(f.message).toContain('same machine under another host name')
    expect(f.fix).toBe(
      `Use exactly the issuer's host: set KIT_ENVIRONMENT_URL (environmentUrl) to http://127.0.0.1:${port}.`,
    )
  })

  it('wrong client secret: invalid_client_credentials, without echoing the secret', async () => {
    const secret = 'sks_wrong_secret_value_do_not_print'
    for (const tokenEndpointAuthMethod of ['client_secret_post', 'client_secret_basic'] as const) {
      const report = await appKit(emu, {
        clientSecret: secret,
        tokenEndpointAuthMethod,
      }).checkSetup({ redirectUri: 'http://localhost:3000/auth/callback' })
      const f = failure(report, 'client')!
      expect(f.code).toBe('invalid_client_credentials')
      expect(f.fix).toContain('KIT_CLIENT_SECRET')
      expect(JSON.stringify(report)).not.toContain(secret)
      // The secret is wrong, the callback is still fine: each check says its own thing.
      expect(report.results[2]!.status).toBe('pass')
    }
  })

  it('an unknown client id: unknown_client naming KIT_CLIENT_ID', async () => {
    const report = await appKit(emu, { clientId: 'skc_typo' }).checkSetup({
      redirectUri: 'http://localhost:3000/auth/callback',
    })
    const f = failure(report, 'client')!
    expect(f.code).toBe('unknown_client')
    expect(f.fix).toContain('KIT_CLIENT_ID')
    expect(report.failures).toHaveLength(1)
  })

  it('the management (environment) client used for login: client_not_for_login', async () => {
    const kit = appKit(emu, {
      clientId: emu.environmentClientId,
      clientSecret: emu.environmentClientSecret,
    })
    const report = await kit.checkSetup({ redirectUri: 'http://localhost:3000/auth/callback' })
    expect(report.failures).toHaveLength(1)
    const f = failure(report, 'client')!
    expect(f.code).toBe('client_not_for_login')
    expect(f.fix).toContain("not the management (environment / M2M) client's")
  })

  it('an unregistered callback: redirect_uri_not_registered with the URI and the fix', async () => {
    const redirectUri = 'https://app.example.test/auth/callback'
    const f = failure(await appKit(emu).checkSetup({ redirectUri }), 'redirect_uri')!
    expect(f.code).toBe('redirect_uri_not_registered')
    expect(f.message).toContain(redirectUri)
    expect(f.fix).toContain('--app-url https://app.example.test')
  })

  it('baseUrl on the wrong port: the callback on that port is refused, the right port passes', async () => {
    const kit = appKit(emu, { clientId: PORT_APP.id, clientSecret: PORT_APP.secret })
    const wrong = await kit.checkSetup({ redirectUri: 'http://localhost:5102/auth/callback' })
    const f = failure(wrong, 'redirect_uri')!
    expect(f.code).toBe('redirect_uri_not_registered')
    expect(f.message).toContain('http://localhost:5102/auth/callback')
    expect(f.fix).toContain('set KIT_BASE_URL (baseUrl) to the origin the browser uses')
    const right = await kit.checkSetup({ redirectUri: 'http://localhost:5101/auth/callback' })
    expect(right.ok).toBe(true)
  })
})

async function freePort(): Promise<number> {
  const server: Server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
