import type { Auth, GuardOptions } from '@kit/core'
import type { NamesAndOptions } from '@kit/core/adapter'
import type { Request, RequestHandler } from 'express'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type KitExpressOptions,
  kitExpress,
  requireAuth,
  requireOrganization,
  requirePermission,
  requireRecentLogin,
  requireRole,
} from '../src/index.js'

describe('public types of @kit/express', () => {
  it('augments Express requests with auth: Auth | null', () => {
    expectTypeOf<Request['auth']>().toEqualTypeOf<Auth | null>()
  })

  it('returns plain Express middleware from the factory and the guards', () => {
    expectTypeOf(kitExpress).returns.toEqualTypeOf<RequestHandler>()
    expectTypeOf(requireAuth).returns.toEqualTypeOf<RequestHandler>()
    expectTypeOf(requireAuth).parameters.toEqualTypeOf<[options?: GuardOptions]>()
    expectTypeOf(requirePermission).parameters.toEqualTypeOf<NamesAndOptions>()
    expectTypeOf(requireRole).parameters.toEqualTypeOf<NamesAndOptions>()
    expectTypeOf(requireOrganization).parameters.toEqualTypeOf<
      [organizationId?: string, options?: GuardOptions]
    >()
    expectTypeOf(requireRecentLogin).returns.toEqualTypeOf<RequestHandler>()
    expectTypeOf(requireRecentLogin).parameters.toEqualTypeOf<
      [options: GuardOptions & { maxAgeSeconds: number }]
    >()
  })

  it('types the options: hooks receive typed values, settings are checked', () => {
    expectTypeOf<KitExpressOptions['onError']>().parameters.toEqualTypeOf<
      [unknown, Request, import('express').Response]
    >()
    expectTypeOf<Parameters<NonNullable<KitExpressOptions['onLogin']>>[0]>().toEqualTypeOf<Auth>()
    // @ts-expect-error session is an object, not a string
    const bad: KitExpressOptions = { session: 'secret' }
    expectTypeOf(bad).toEqualTypeOf<KitExpressOptions>()
  })
})
