// Public types of @kit/core/testing and of impersonation (auth.actor, guard options).
import { describe, expectTypeOf, it } from 'vitest'
import type { KitGuardFactories } from '../../src/adapter/index.js'
import type { Auth, AuthActor, GuardOptions } from '../../src/index.js'
import {
  createTestSession,
  createTestSessionCookies,
  signTestWebhook,
  type TestSessionCookie,
  type TestWebhook,
} from '../../src/testing/index.js'

describe('@kit/core/testing types', () => {
  it('createTestSession gives a Cookie header, createTestSessionCookies name/value pairs', () => {
    expectTypeOf(createTestSession).returns.resolves.toEqualTypeOf<string>()
    expectTypeOf(createTestSessionCookies).returns.resolves.toEqualTypeOf<TestSessionCookie[]>()
    // @ts-expect-error user is required
    void (() => createTestSession({ secret: 'x' }))
  })

  it('signTestWebhook: a string body for events and strings, bytes for bytes', () => {
    const fromEvent = () => signTestWebhook({ secret: 's', event: { type: 't' } })
    const fromBytes = () => signTestWebhook({ secret: 's', payload: new Uint8Array(1) })
    expectTypeOf(fromEvent).returns.resolves.toEqualTypeOf<TestWebhook<string>>()
    expectTypeOf(fromBytes).returns.resolves.toEqualTypeOf<TestWebhook<Uint8Array>>()
    // @ts-expect-error event and payload exclude each other
    void (() => signTestWebhook({ secret: 's', event: {}, payload: '{}' }))
  })

  it('auth.actor is an optional, read-only { id, email? }', () => {
    expectTypeOf<Auth['actor']>().toEqualTypeOf<AuthActor | undefined>()
    expectTypeOf<AuthActor>().toEqualTypeOf<{ readonly id: string; readonly email?: string }>()
  })

  it('every guard factory takes GuardOptions last', () => {
    type G = KitGuardFactories<string>
    expectTypeOf<G['requireAuth']>().parameters.toEqualTypeOf<[options?: GuardOptions]>()
    expectTypeOf<G['requirePermission']>().toBeCallableWith('a', 'b', { allowImpersonation: false })
    expectTypeOf<G['requireRole']>().toBeCallableWith('admin')
    expectTypeOf<G['requireRole']>().toBeCallableWith('admin', { maxAgeSeconds: 300 })
    expectTypeOf<G['requireRecentLogin']>().parameters.toEqualTypeOf<
      [options: GuardOptions & { maxAgeSeconds: number }]
    >()
  })

  it('auth.authTime is optional epoch seconds', () => {
    expectTypeOf<Auth['authTime']>().toEqualTypeOf<number | undefined>()
  })
})
