// createKitRoutes validates its configuration at creation, naming the setting.
import { describe, expect, it } from 'vitest'
import { KitClient } from '../../src/client.js'
import { KitError } from '../../src/errors.js'
import { createKitRoutes, type KitRoutesConfig } from '../../src/http/index.js'

const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:1',
  clientId: 'c',
  clientSecret: 's',
})
const SECRET = 'config-test-secret-0123456789-abcdefghijk'
const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const base: KitRoutesConfig = { kit, baseUrl: 'http://localhost:3000', session: { secret: SECRET } }

function expectConfigError(
  config: Partial<KitRoutesConfig> | Record<string, unknown>,
  fragment: RegExp,
) {
  let error: unknown
  try {
    createKitRoutes({ ...base, ...config } as KitRoutesConfig)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(KitError)
  expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
  expect((error as KitError).message).toMatch(fragment)
}

describe('createKitRoutes configuration', () => {
  it('accepts a minimal config and derives the redirect URI and endpoints', () => {
    const routes = createKitRoutes(base)
    expect(routes.redirectUri).toBe('http://localhost:3000/auth/callback')
    expect(routes.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      'GET /auth/login',
      'GET /auth/callback',
      'POST /auth/logout',
      'POST /auth/backchannel-logout',
      'GET /auth/switch-organization',
      'POST /auth/switch-organization',
    ])
  })

  it('lists the webhook route (with body) only when a webhook secret is set, and GET logout when allowed', () => {
    const routes = createKitRoutes({
      ...base,
      webhookSecret: WEBHOOK_SECRET,
      allowGetLogout: true,
      paths: { login: '/signin', webhooks: '/hooks/kit' },
    })
    expect(routes.endpoints).toEqual([
      { method: 'GET', path: '/signin', action: 'login', body: false, maxBodyBytes: 16384 },
      {
        method: 'GET',
        path: '/auth/callback',
        action: 'callback',
        body: false,
        maxBodyBytes: 16384,
      },
      { method: 'POST', path: '/auth/logout', action: 'logout', body: false, maxBodyBytes: 16384 },
      { method: 'GET', path: '/auth/logout', action: 'logout', body: false, maxBodyBytes: 16384 },
      { method: 'POST', path: '/hooks/kit', action: 'webhooks', body: true, maxBodyBytes: 1048576 },
      {
        method: 'POST',
        path: '/auth/backchannel-logout',
        action: 'backchannelLogout',
        body: true,
        maxBodyBytes: 8192,
      },
      {
        method: 'GET',
        path: '/auth/switch-organization',
        action: 'switchOrganization',
        body: true,
        maxBodyBytes: 16384,
      },
      {
        method: 'POST',
        path: '/auth/switch-organization',
        action: 'switchOrganization',
        body: true,
        maxBodyBytes: 16384,
      },
    ])
  })

  it('session secret: missing or short -> error naming session.secret', () => {
    expectConfigError(
      { session: { secret: 'short' } },
      /session\.secret must be at least 32 characters/,
    )
    expectConfigError(
      { session: { secret: undefined as unknown as string } },
      /session\.secret is required/,
    )
    expectConfigError({ session: undefined }, /session is required/)
  })

  it('baseUrl: missing, relative, with a path, non-http, or http on a public host', () => {
    expectConfigError({ baseUrl: undefined }, /baseUrl is required/)
    expectConfigError({ baseUrl: 'app.example.com' }, /baseUrl must be an absolute URL/)
    expectConfigError({ baseUrl: 'https://app.example.com/app' }, /baseUrl must be an origin only/)
    expectConfigError({ baseUrl: 'https://app.example.com/?x=1' }, /baseUrl must be an origin only/)
    expectConfigError({ baseUrl: 'ftp://app.example.com' }, /baseUrl must use https/)
    expectConfigError(
      { baseUrl: 'http://app.example.com' },
      /baseUrl uses http on a non-local host/,
    )
    expect(() =>
      createKitRoutes({ ...base, baseUrl: 'http://app.example.com', allowInsecureHttp: true }),
    ).not.toThrow()
    expect(() => createKitRoutes({ ...base, baseUrl: 'http://127.0.0.1:4000/' })).not.toThrow()
  })

  it('kit must be a KitClient-like object', () => {
    expectConfigError({ kit: undefined }, /kit is required/)
    expectConfigError({ kit: {} }, /kit\.getAuthorizationUrl must be a function/)
  })

  it('webhook settings', () => {
    expectConfigError({ onWebhook: () => {} }, /onWebhook requires webhookSecret/)
    expectConfigError(
      { webhookSecret: 'whsec_' },
      /webhookSecret must be "whsec_" followed by base64/,
    )
    expectConfigError({ webhookSecret: 'whsec_!!!not-base64!!!' }, /webhookSecret/)
    expectConfigError({ webhookSecret: 'whsec_c2hvcnQ=' }, /at least 16 bytes/)
    expectConfigError(
      { webhookReplayStore: {} as never, webhookSecret: WEBHOOK_SECRET },
      /webhookReplayStore must implement/,
    )
  })

  it('paths, prefixes, scopes, stores and post-logout target', () => {
    expectConfigError({ paths: { login: 'auth/login' } }, /paths\.login must be an absolute path/)
    expectConfigError({ paths: { login: '//evil' } }, /paths\.login/)
    expectConfigError({ paths: { login: '/auth/x', callback: '/auth/x' } }, /must differ/)
    expectConfigError(
      { paths: { switchOrganization: '/auth/login' } },
      /switchOrganization must differ/,
    )
    expectConfigError({ paths: { switchOrganization: 'switch' } }, /paths\.switchOrganization/)
    expectConfigError({ apiPrefixes: ['api'] }, /apiPrefixes/)
    expectConfigError({ scopes: ['profile'] }, /scopes must include "openid"/)
    expectConfigError(
      { revocationStore: { isRevoked: () => false } as never },
      /revocationStore must implement/,
    )
    expectConfigError({ postLogoutRedirect: 'https://evil.example/' }, /postLogoutRedirect/)
    for (const target of [
      '//evil.example',
      '/\\evil.example',
      'https:evil',
      'javascript:alert(1)',
      '%2F%2Fevil.example',
      '/%2F%2Fevil.example',
      'https://app.example.com/',
      'http://localhost:3000.evil.example/',
    ]) {
      expectConfigError({ postLogoutRedirect: target }, /postLogoutRedirect/)
    }
    for (const target of ['/', '/bye?x=1#top', 'http://localhost:3000/bye']) {
      expect(() => createKitRoutes({ ...base, postLogoutRedirect: target })).not.toThrow()
    }
    expectConfigError({ refreshSkewSeconds: -5 }, /refreshSkewSeconds/)
    expectConfigError({ allowGetLogout: 'yes' as never }, /allowGetLogout must be a boolean/)
  })

  it('logger, revocation store and session budget settings name the setting', () => {
    expectConfigError({ logger: {} as never }, /logger must have a warn\(message\) method/)
    expectConfigError(
      { revocationStore: { isRevoked: () => false } as never },
      /revocationStore must implement/,
    )
    expectConfigError(
      { revocationStore: { isRevoked: () => false, revoke: () => {}, peekRevoked: 1 } as never },
      /revocationStore\.peekRevoked/,
    )
    expectConfigError(
      { session: { secret: 'x'.repeat(40), storeIdToken: 'no' as never } },
      /session\.storeIdToken must be a boolean/,
    )
  })

  it('bearer settings', () => {
    expectConfigError({ bearer: 'at+jwt' as never }, /bearer must be an object/)
    expectConfigError({ bearer: { tokenType: '' } }, /bearer\.tokenType/)
    expectConfigError({ bearer: { tokenType: true as never } }, /bearer\.tokenType/)
    expectConfigError({ bearer: { audience: [] } }, /bearer\.audience/)
    expectConfigError({ bearer: { audience: [''] } }, /bearer\.audience/)
    expect(() => createKitRoutes({ ...base, bearer: { tokenType: false } })).not.toThrow()
    expect(() =>
      createKitRoutes({ ...base, bearer: { tokenType: 'at+jwt', audience: ['a', 'b'] } }),
    ).not.toThrow()
  })
})
