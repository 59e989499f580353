// Construction-time validation (errors name the setting) and KitClient.fromEnv.
import { describe, expect, it } from 'vitest'
import { KitClient, KitError } from '../../src/index.js'

const valid = { environmentUrl: 'https://acme.example', clientId: 'skc_1', clientSecret: 'sks_1' }

function configError(fn: () => unknown): KitError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(KitError)
    expect((err as KitError).code).toBe('ERR_KIT_CONFIG')
    return err as KitError
  }
  throw new Error('expected ERR_KIT_CONFIG')
}

describe('new KitClient(options)', () => {
  it('accepts valid options and strips a trailing slash from environmentUrl', () => {
    const kit = new KitClient({ ...valid, environmentUrl: 'https://acme.example/' })
    expect(kit.environmentUrl).toBe('https://acme.example')
    expect(kit.clientId).toBe('skc_1')
  })

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['environmentUrl missing', { environmentUrl: undefined }, /"environmentUrl"/],
    ['environmentUrl relative', { environmentUrl: '/auth' }, /"environmentUrl".*absolute/],
    ['environmentUrl not http(s)', { environmentUrl: 'ftp://x.example' }, /"environmentUrl"/],
    [
      'environmentUrl with a query',
      { environmentUrl: 'https://x.example/?a=1' },
      /"environmentUrl"/,
    ],
    ['clientId empty', { clientId: '' }, /"clientId"/],
    ['clientId not a string', { clientId: 42 }, /"clientId"/],
    ['clientSecret blank', { clientSecret: '   ' }, /"clientSecret"/],
    ['clockToleranceSeconds negative', { clockToleranceSeconds: -1 }, /"clockToleranceSeconds"/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /"timeoutMs"/],
    ['algorithms with none', { algorithms: ['none'] }, /"algorithms"/],
    ['algorithms with HS256', { algorithms: ['RS256', 'HS256'] }, /"algorithms"/],
    ['algorithms empty', { algorithms: [] }, /"algorithms"/],
    ['audience empty', { audience: '' }, /"audience"/],
    [
      'tokenEndpointAuthMethod unknown',
      { tokenEndpointAuthMethod: 'none' },
      /"tokenEndpointAuthMethod"/,
    ],
    [
      'verifiedTokenCacheSize fractional',
      { verifiedTokenCacheSize: 1.5 },
      /"verifiedTokenCacheSize"/,
    ],
  ]
  for (const [name, patch, message] of bad) {
    it(`${name} -> ERR_KIT_CONFIG naming the setting`, () => {
      const err = configError(() => new KitClient({ ...valid, ...patch } as never))
      expect(err.message).toMatch(message)
    })
  }

  it('non-object options -> ERR_KIT_CONFIG', () => {
    configError(() => new KitClient(undefined as never))
  })
})

describe('environmentUrl over plain http', () => {
  const at = (environmentUrl: string, extra: Record<string, unknown> = {}) =>
    new KitClient({ ...valid, environmentUrl, ...extra })

  it('is refused off loopback at start-up, naming the setting and the way out', () => {
    for (const url of [
      'http://acme.example',
      'http://10.0.0.5:8080',
      'http://emulator:4000',
      'http://localhost.evil.example',
      'http://127.0.0.1.evil.example',
      'http://[::2]',
      'http://128.0.0.1',
    ]) {
      const err = configError(() => at(url))
      expect(err.message, url).toMatch(/"environmentUrl".*plain http/)
      expect(err.message).toContain('allowInsecureEnvironmentUrl')
    }
  })

  it('is accepted on loopback: localhost, *.localhost, 127.0.0.0/8, [::1]', () => {
    for (const url of [
      'http://localhost:4000',
      'http://LOCALHOST',
      'http://emu.localhost:4000',
      'http://127.0.0.1:4000',
      'http://127.1.2.3',
      'http://127.1',
      'http://[::1]:4000',
    ]) {
      expect(() => at(url), url).not.toThrow()
    }
    expect(at('https://acme.example').environmentUrl).toBe('https://acme.example')
  })

  it('is accepted anywhere with allowInsecureEnvironmentUrl: true; the flag must be a boolean', () => {
    expect(at('http://emulator:4000', { allowInsecureEnvironmentUrl: true }).environmentUrl).toBe(
      'http://emulator:4000',
    )
    const err = configError(() =>
      at('http://emulator:4000', { allowInsecureEnvironmentUrl: 'yes' }),
    )
    expect(err.message).toMatch(/"allowInsecureEnvironmentUrl"/)
  })

  it('fromEnv: refused by default, allowed by KIT_ALLOW_INSECURE_ENVIRONMENT_URL=true, code wins', () => {
    const env = {
      KIT_ENVIRONMENT_URL: 'http://emulator:4000',
      KIT_CLIENT_ID: 'id',
      KIT_CLIENT_SECRET: 'secret',
    }
    expect(configError(() => KitClient.fromEnv(env)).message).toMatch(/"environmentUrl"/)
    const allowed = { ...env, KIT_ALLOW_INSECURE_ENVIRONMENT_URL: 'true' }
    expect(KitClient.fromEnv(allowed).environmentUrl).toBe('http://emulator:4000')
    configError(() => KitClient.fromEnv(allowed, { allowInsecureEnvironmentUrl: false }))
    expect(KitClient.fromEnv(env, { allowInsecureEnvironmentUrl: true }).environmentUrl).toBe(
      'http://emulator:4000',
    )
    const typo = { ...env, KIT_ALLOW_INSECURE_ENVIRONMENT_URL: 'yes' }
    expect(configError(() => KitClient.fromEnv(typo)).message).toContain(
      'KIT_ALLOW_INSECURE_ENVIRONMENT_URL',
    )
  })
})

describe('KitClient.fromEnv', () => {
  it('reads KIT_* variables', () => {
    const kit = KitClient.fromEnv({
      KIT_ENVIRONMENT_URL: 'https://kit.example',
      KIT_CLIENT_ID: 'kit-id',
      KIT_CLIENT_SECRET: 'kit-secret',
    })
    expect(kit.environmentUrl).toBe('https://kit.example')
    expect(kit.clientId).toBe('kit-id')
  })

  it('falls back to SCALEKIT_* names, KIT_* winning when both are set', () => {
    const kit = KitClient.fromEnv({
      SCALEKIT_ENVIRONMENT_URL: 'https://sk.example',
      SCALEKIT_CLIENT_ID: 'sk-id',
      SCALEKIT_CLIENT_SECRET: 'sk-secret',
      KIT_CLIENT_ID: 'kit-id',
    })
    expect(kit.environmentUrl).toBe('https://sk.example')
    expect(kit.clientId).toBe('kit-id')
  })

  it('names every missing variable', () => {
    const err = configError(() => KitClient.fromEnv({ KIT_CLIENT_ID: 'x' }))
    expect(err.message).toContain('KIT_ENVIRONMENT_URL or SCALEKIT_ENVIRONMENT_URL')
    expect(err.message).toContain('KIT_CLIENT_SECRET or SCALEKIT_CLIENT_SECRET')
    expect(err.message).not.toContain('KIT_CLIENT_ID or')
  })

  it('defaults to globalThis.process.env and validates the values', () => {
    const env = process.env
    const saved = { ...env }
    try {
      env['KIT_ENVIRONMENT_URL'] = 'not a url'
      env['KIT_CLIENT_ID'] = 'id'
      env['KIT_CLIENT_SECRET'] = 'secret'
      const err = configError(() => KitClient.fromEnv())
      expect(err.message).toMatch(/"environmentUrl"/)
      env['KIT_ENVIRONMENT_URL'] = 'http://127.0.0.1:4000'
      expect(KitClient.fromEnv().environmentUrl).toBe('http://127.0.0.1:4000')
    } finally {
      for (const key of ['KIT_ENVIRONMENT_URL', 'KIT_CLIENT_ID', 'KIT_CLIENT_SECRET']) {
        if (saved[key] === undefined) delete env[key]
        else env[key] = saved[key]
      }
    }
  })
})
