import { KitClient, KitError } from '@kit/core'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { type KitFastifyOptions, kitFastify } from '../src/index.js'
import { BASE_URL, SESSION_SECRET, WEBHOOK_SECRET } from './constants.js'

// No network at start-up: a client for an address nothing listens on is enough here.
const kit = new KitClient({
  environmentUrl: 'http://127.0.0.1:9',
  clientId: 'skc_config_test',
  clientSecret: 'sks_config_test',
})

/** Registers the plugin and returns the start-up error `ready()` rejects with. */
async function startupError(options: KitFastifyOptions): Promise<KitError> {
  const app = Fastify()
  app.register(kitFastify, options)
  const error = await app.ready().then(
    () => {
      throw new Error('expected a start-up error')
    },
    (err: unknown) => err,
  )
  await app.close().catch(() => undefined)
  expect(error).toBeInstanceOf(KitError)
  expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
  return error as KitError
}

describe('kitFastify start-up configuration', () => {
  it('names the environment variables when no client is given or configured', async () => {
    const err = await startupError({ env: {} })
    expect(err.message).toMatch(/KIT_ENVIRONMENT_URL|environmentUrl/)
  })

  it('names baseUrl / KIT_BASE_URL when missing', async () => {
    const err = await startupError({ kit, session: { secret: SESSION_SECRET }, env: {} })
    expect(err.message).toContain('baseUrl')
    expect(err.message).toContain('KIT_BASE_URL')
  })

  it('names session.secret / KIT_SESSION_SECRET when missing', async () => {
    const err = await startupError({ kit, baseUrl: BASE_URL, env: {} })
    expect(err.message).toContain('session.secret')
    expect(err.message).toContain('KIT_SESSION_SECRET')
  })

  it('rejects a short session secret, naming it', async () => {
    const err = await startupError({
      kit,
      baseUrl: BASE_URL,
      session: { secret: 'short' },
      env: {},
    })
    expect(err.message).toContain('session.secret')
  })

  it('rejects a baseUrl that is not an origin, naming it', async () => {
    for (const baseUrl of ['not a url', 'ftp://app.example.com', 'https://app.example.com/app']) {
      const err = await startupError({ kit, baseUrl, session: { secret: SESSION_SECRET }, env: {} })
      expect(err.message).toContain('baseUrl')
    }
  })

  it('rejects an unusable webhook secret, naming it', async () => {
    const err = await startupError({
      kit,
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      webhookSecret: 'whsec_',
      env: {},
    })
    expect(err.message).toContain('webhookSecret')
  })

  it('reads every setting from the environment when not given in code', async () => {
    const app = Fastify()
    await app.register(kitFastify, {
      env: {
        KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
        KIT_CLIENT_ID: 'skc_env',
        KIT_CLIENT_SECRET: 'sks_env',
        KIT_BASE_URL: BASE_URL,
        KIT_SESSION_SECRET: `${SESSION_SECRET}-new,${SESSION_SECRET}`,
        KIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
    })
    const login = await app.inject({ method: 'GET', url: '/auth/login' })
    expect(login.statusCode).toBe(302)
    const authorize = new URL(String(login.headers.location))
    expect(authorize.origin).toBe('http://127.0.0.1:9')
    expect(authorize.searchParams.get('client_id')).toBe('skc_env')
    // KIT_WEBHOOK_SECRET enabled the webhook route: unsigned deliveries are refused.
    const hook = await app.inject({ method: 'POST', url: '/webhooks', payload: '{}' })
    expect(hook.statusCode).toBe(401)
    await app.close()
  })

  it('allowGetLogout adds GET on the logout path; other methods still get 405', async () => {
    const app = Fastify()
    await app.register(kitFastify, {
      kit,
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      allowGetLogout: true,
    })
    const res = await app.inject({ method: 'GET', url: '/auth/logout' })
    expect(res.statusCode).toBe(302)
    const put = await app.inject({ method: 'PUT', url: '/auth/logout' })
    expect(put.statusCode).toBe(405)
    expect(put.headers.allow).toBe('POST, GET')
    await app.close()
  })

  it('registers under the declared plugin name and fastify version range', async () => {
    const app = Fastify()
    await app.register(kitFastify, { kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })
    expect(app.hasPlugin('@kit/fastify')).toBe(true)
    expect(app.hasRequestDecorator('auth')).toBe(true)
    expect(typeof app.requireAuth).toBe('function')
    await app.close()
  })

  it('guards refuse empty requirements when declared', async () => {
    const app = Fastify()
    await app.register(kitFastify, { kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET } })
    for (const declare of [
      () => app.requirePermission(),
      () => app.requireRole(),
      () => app.requirePermission(''),
      () => app.requireOrganization(''),
    ]) {
      expect(declare).toThrow(KitError)
    }
    await app.close()
  })
})
