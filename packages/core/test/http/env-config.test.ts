// resolveEnvConfig fills settings missing from code from the environment the adapter
// passes, naming the option and the variable when neither is set.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import { createKitRoutes, resolveEnvConfig } from '../../src/http/index.js'

// No network: a client for an address nothing listens on is enough here.
const kit = KitClient.fromEnv({
  KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
  KIT_CLIENT_ID: 'skc_config_test',
  KIT_CLIENT_SECRET: 'sks_config_test',
})
const BASE_URL = 'http://localhost:3000'
const SESSION_SECRET = 'env-config-test-session-secret-0123456789'
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'

/** A `KitError` with code `ERR_KIT_CONFIG` whose message matches `message`. */
const configError = (message: RegExp) =>
  expect.objectContaining({
    name: KitError.name,
    code: 'ERR_KIT_CONFIG',
    message: expect.stringMatching(message),
  })

describe('resolveEnvConfig', () => {
  it('names the environment variables when no client is given or configured', () => {
    expect(() => resolveEnvConfig({}, {})).toThrow(
      configError(/KIT_ENVIRONMENT_URL|environmentUrl/),
    )
  })

  it('names baseUrl / KIT_BASE_URL when missing', () => {
    expect(() => resolveEnvConfig({ kit, session: { secret: SESSION_SECRET } }, {})).toThrow(
      configError(/baseUrl.*KIT_BASE_URL/),
    )
  })

  it('names session.secret / KIT_SESSION_SECRET when missing (an empty variable is missing)', () => {
    for (const env of [{}, { KIT_SESSION_SECRET: '' }]) {
      expect(() => resolveEnvConfig({ kit, baseUrl: BASE_URL }, env)).toThrow(
        configError(/session\.secret.*KIT_SESSION_SECRET/),
      )
    }
  })

  it('reads every setting from the environment when not given in code', () => {
    const config = resolveEnvConfig(
      {},
      {
        KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
        KIT_CLIENT_ID: 'skc_env',
        KIT_CLIENT_SECRET: 'sks_env',
        KIT_BASE_URL: BASE_URL,
        KIT_SESSION_SECRET: `${SESSION_SECRET}-new, ${SESSION_SECRET}`,
        KIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    )
    expect(config.baseUrl).toBe(BASE_URL)
    // A comma-separated secret is a rotation list, newest first, trimmed.
    expect(config.session.secret).toEqual([`${SESSION_SECRET}-new`, SESSION_SECRET])
    expect(config.webhookSecret).toBe(WEBHOOK_SECRET)
    const authorize = new URL(config.kit.getAuthorizationUrl(`${BASE_URL}/auth/callback`))
    expect(authorize.origin).toBe('http://127.0.0.1:9')
    expect(authorize.searchParams.get('client_id')).toBe('skc_env')
    // The result is a valid route configuration: webhooks are enabled by the variable.
    const routes = createKitRoutes(config)
    expect(routes.redirectUri).toBe(`${BASE_URL}/auth/callback`)
    expect(routes.endpoints.map((e) => `${e.method} ${e.path}`)).toContain('POST /webhooks')
  })

  it('prefers settings given in code, and keeps the other options', () => {
    const onLogin = () => true
    const config = resolveEnvConfig(
      {
        kit,
        baseUrl: 'https://app.example.com',
        session: { secret: SESSION_SECRET, idleTimeoutSeconds: 600 },
        webhookSecret: WEBHOOK_SECRET,
        onLogin,
        apiPrefixes: ['/api/'],
      },
      {
        KIT_BASE_URL: 'https://env.example.com',
        KIT_SESSION_SECRET: 'from-the-environment-0123456789abcdef',
        KIT_WEBHOOK_SECRET: 'whsec_ignored',
      },
    )
    expect(config.kit).toBe(kit)
    expect(config.baseUrl).toBe('https://app.example.com')
    expect(config.session).toEqual({ secret: SESSION_SECRET, idleTimeoutSeconds: 600 })
    expect(config.webhookSecret).toBe(WEBHOOK_SECRET)
    expect(config.onLogin).toBe(onLogin)
    expect(config.apiPrefixes).toEqual(['/api/'])
    expect('env' in config).toBe(false)
  })

  it('reads options.env instead of the environment the adapter passes', () => {
    const config = resolveEnvConfig(
      { kit, env: { KIT_BASE_URL: BASE_URL, KIT_SESSION_SECRET: SESSION_SECRET } },
      { KIT_BASE_URL: 'https://process.example.com', KIT_SESSION_SECRET: 'x'.repeat(40) },
    )
    expect(config.baseUrl).toBe(BASE_URL)
    expect(config.session.secret).toBe(SESSION_SECRET)
    // An empty options.env hides the adapter's environment entirely.
    expect(() =>
      resolveEnvConfig({ kit, env: {} }, { KIT_BASE_URL: BASE_URL, KIT_SESSION_SECRET: 'x' }),
    ).toThrow(configError(/KIT_BASE_URL/))
  })
})
