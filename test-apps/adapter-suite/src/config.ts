import { KitError, type Requirement } from '@kit/core'
import type { KitEnvConfig } from '@kit/core/adapter'
import { nextTickShapeRetained } from '@kit/core/node'
import { describe, expect, it } from 'vitest'
import { BASE_URL, offlineKit, SESSION_SECRET, WEBHOOK_SECRET } from './fixtures.js'
import type { AdapterHarness } from './harness.js'
import { send } from './http-client.js'

const kit = offlineKit()
/** Valid options, read from no environment: each start-up case spoils one setting. */
const VALID: KitEnvConfig = { kit, baseUrl: BASE_URL, session: { secret: SESSION_SECRET }, env: {} }

/** Options that must stop start-up, and what the error message must name. */
const STARTUP_ERRORS: readonly { name: string; options: KitEnvConfig; names: RegExp[] }[] = [
  {
    name: 'no client given or configured',
    options: { env: {} },
    names: [/KIT_ENVIRONMENT_URL|environmentUrl/],
  },
  {
    name: 'baseUrl missing',
    options: { ...VALID, baseUrl: undefined },
    names: [/baseUrl/, /KIT_BASE_URL/],
  },
  {
    name: 'session secret missing',
    options: { ...VALID, session: undefined },
    names: [/session\.secret/, /KIT_SESSION_SECRET/],
  },
  {
    name: 'a short session secret',
    options: { ...VALID, session: { secret: 'short' } },
    names: [/session\.secret/],
  },
  ...['not a url', 'ftp://app.example.com', 'https://app.example.com/app'].map((baseUrl) => ({
    name: `baseUrl "${baseUrl}"`,
    options: { ...VALID, baseUrl },
    names: [/baseUrl/],
  })),
  {
    name: 'an unusable webhook secret',
    options: { ...VALID, webhookSecret: 'whsec_' },
    names: [/webhookSecret/],
  },
  {
    name: 'onWebhook without a webhook secret',
    options: { ...VALID, onWebhook: () => {} },
    names: [/KIT_WEBHOOK_SECRET/],
  },
]

/** Guard arguments that must be refused when the guard is declared. */
const EMPTY_REQUIREMENTS: readonly { name: string; guard: Requirement }[] = [
  { name: 'requirePermission()', guard: { kind: 'permission', names: [] } },
  { name: 'requireRole()', guard: { kind: 'role', names: [] } },
  { name: "requirePermission('')", guard: { kind: 'permission', names: [''] } },
  { name: "requireOrganization('')", guard: { kind: 'organization', id: '' } },
]

async function startupError(start: Promise<{ close(): Promise<void> }>): Promise<KitError> {
  const error = await start.then(
    async (app) => {
      await app.close()
      throw new Error('expected a start-up error')
    },
    (err: unknown) => err,
  )
  expect(error).toBeInstanceOf(KitError)
  expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
  return error as KitError
}

/** Start-up validation and settings read from the environment, through the adapter. */
export function describeConfig(harness: AdapterHarness): void {
  describe('start-up configuration', () => {
    it.each(STARTUP_ERRORS)(
      'refuses to start with $name, naming it',
      async ({ options, names }) => {
        const err = await startupError(harness.start({ options }))
        for (const name of names) expect(err.message).toMatch(name)
      },
    )

    it.each(EMPTY_REQUIREMENTS)('refuses $name when the guard is declared', async ({ guard }) => {
      await startupError(
        harness.start({
          options: VALID,
          routes: [{ method: 'GET', path: '/x', guard, reply: () => ({ text: 'x' }) }],
        }),
      )
    })

    // Only the adapters call it, so this fails if the adapter under test stops calling it
    // when the file runs with a module cache of its own (`pnpm vitest run --project
    // fastify test/conformance.test.ts`). In `pnpm test`'s `--no-isolate` run another
    // file of the same worker may already have mounted an adapter, and it passes either
    // way. Core's test shows what the call prevents.
    it("keeps process.nextTick's tick-object shape alive once an app is started", async () => {
      const app = await harness.start({ options: VALID })
      try {
        expect(nextTickShapeRetained()).toBe(true)
      } finally {
        await app.close()
      }
    })

    it('reads every setting from the environment when not given in code', async () => {
      const app = await harness.start({
        options: {
          env: {
            KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
            KIT_CLIENT_ID: 'skc_env',
            KIT_CLIENT_SECRET: 'sks_env',
            KIT_BASE_URL: BASE_URL,
            KIT_SESSION_SECRET: `${SESSION_SECRET}-new,${SESSION_SECRET}`,
            KIT_WEBHOOK_SECRET: WEBHOOK_SECRET,
          },
        },
      })
      try {
        const login = await send(app, 'GET', '/auth/login')
        expect(login.status).toBe(302)
        const authorize = new URL(login.location!)
        expect(authorize.origin).toBe('http://127.0.0.1:9')
        expect(authorize.searchParams.get('client_id')).toBe('skc_env')
        expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
        // KIT_WEBHOOK_SECRET enabled the webhook route: unsigned deliveries are refused.
        const hook = await send(app, 'POST', '/webhooks', {
          headers: { 'content-type': 'application/json' },
          body: '{}',
        })
        expect(hook.status).toBe(401)
      } finally {
        await app.close()
      }
    })

    it('reads process.env when options.env is not given', async () => {
      const saved = { ...process.env }
      Object.assign(process.env, {
        KIT_ENVIRONMENT_URL: 'http://127.0.0.1:9',
        KIT_CLIENT_ID: 'skc_process_env',
        KIT_CLIENT_SECRET: 'sks_process_env',
        KIT_BASE_URL: BASE_URL,
        KIT_SESSION_SECRET: SESSION_SECRET,
      })
      try {
        const app = await harness.start({ options: {} })
        try {
          const login = await send(app, 'GET', '/auth/login')
          expect(login.status).toBe(302)
          const authorize = new URL(login.location!)
          expect(authorize.searchParams.get('client_id')).toBe('skc_process_env')
          expect(authorize.searchParams.get('redirect_uri')).toBe(`${BASE_URL}/auth/callback`)
        } finally {
          await app.close()
        }
      } finally {
        for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
        Object.assign(process.env, saved)
      }
    })

    it('allowGetLogout adds GET on the logout path; other methods still get 405', async () => {
      const app = await harness.start({
        options: { ...VALID, allowGetLogout: true },
      })
      try {
        expect((await send(app, 'GET', '/auth/logout')).status).toBe(302)
        const put = await send(app, 'PUT', '/auth/logout')
        expect(put.status).toBe(405)
        expect(put.headers.allow).toBe('POST, GET')
      } finally {
        await app.close()
      }
    })
  })
}
