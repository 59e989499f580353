import type { Auth, GuardOptions } from '@kit/core'
import type { NamesAndOptions } from '@kit/core/adapter'
import Fastify, { type FastifyRequest, type preHandlerHookHandler } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import { type KitFastifyOptions, kitFastify, requireRecentLogin } from '../src/index.js'

describe('public types of @kit/fastify', () => {
  it('merges request.auth: Auth | null into FastifyRequest', () => {
    expectTypeOf<FastifyRequest['auth']>().toEqualTypeOf<Auth | null>()
  })

  it('adds the guard factories to the instance, returning preHandler hooks', () => {
    const app = Fastify()
    expectTypeOf(app.requireAuth).returns.toEqualTypeOf<preHandlerHookHandler>()
    expectTypeOf(app.requireAuth).parameters.toEqualTypeOf<[options?: GuardOptions]>()
    expectTypeOf(app.requirePermission).parameters.toEqualTypeOf<NamesAndOptions>()
    expectTypeOf(app.requireRole).parameters.toEqualTypeOf<NamesAndOptions>()
    expectTypeOf(app.requireOrganization).parameters.toEqualTypeOf<
      [organizationId?: string, options?: GuardOptions]
    >()
    expectTypeOf(app.requireRecentLogin).returns.toEqualTypeOf<preHandlerHookHandler>()
    expectTypeOf(requireRecentLogin).toEqualTypeOf(app.requireRecentLogin)
    expectTypeOf(app.requireRecentLogin).parameters.toEqualTypeOf<
      [options: GuardOptions & { maxAgeSeconds: number }]
    >()
  })

  it('types the plugin options', () => {
    expectTypeOf<Parameters<NonNullable<KitFastifyOptions['onLogin']>>[0]>().toEqualTypeOf<Auth>()
    const app = Fastify()
    // Never called: only the compiler checks the options against the plugin's type.
    const registerWithBadOptions = () =>
      // @ts-expect-error session is an object, not a string
      app.register(kitFastify, { session: 'secret' })
    expectTypeOf(registerWithBadOptions).toBeFunction()
  })
})
