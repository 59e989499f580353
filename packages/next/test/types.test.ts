// Type tests of the public API the Next test apps and examples code against.
import { BASE_URL, offlineKit, SESSION_SECRET } from '@kit/adapter-suite'
import type { Auth, GuardOptions } from '@kit/core'
import type { NamesAndOptions } from '@kit/core/adapter'
import type { GetServerSidePropsContext, NextApiRequest, NextApiResponse } from 'next'
import type { NextRequest } from 'next/server'
import { describe, expectTypeOf, it } from 'vitest'
import { createKitNext, type KitNext } from '../src/index.js'

describe('@kit/next types', () => {
  it('handlers are route handlers; the proxy takes a NextRequest', () => {
    expectTypeOf<KitNext['handlers']['GET']>().toBeCallableWith(new Request('http://x/'))
    expectTypeOf<KitNext['handlers']['POST']>().returns.resolves.toEqualTypeOf<Response>()
    expectTypeOf<ReturnType<KitNext['proxy']>>().toBeCallableWith({} as NextRequest)
  })

  it('server helpers resolve to the identity', () => {
    expectTypeOf<KitNext['auth']>().returns.resolves.toEqualTypeOf<Auth | null>()
    expectTypeOf<KitNext['requireAuth']>().returns.resolves.toEqualTypeOf<Auth>()
    expectTypeOf<KitNext['requirePermission']>().parameters.toEqualTypeOf<NamesAndOptions>()
    expectTypeOf<KitNext['requireOrganization']>().parameters.toEqualTypeOf<
      [organizationId?: string, options?: GuardOptions]
    >()
    expectTypeOf<KitNext['requireRecentLogin']>().returns.resolves.toEqualTypeOf<Auth>()
    expectTypeOf<KitNext['requireRecentLogin']>().parameters.toEqualTypeOf<
      [options: GuardOptions & { maxAgeSeconds: number }]
    >()
    expectTypeOf<KitNext['getAccessToken']>().returns.resolves.toEqualTypeOf<string | null>()
  })

  it('wrappers hand the identity to the handler', () => {
    const kit = createKitNext({
      kit: offlineKit(),
      baseUrl: BASE_URL,
      session: { secret: SESSION_SECRET },
      env: {},
    })
    const get = kit.withAuth(async (_request, auth) => Response.json(auth.user), {
      permission: 'org:manage',
    })
    expectTypeOf(get).returns.resolves.toEqualTypeOf<Response>()
    const ssr = kit.withAuthSsr(async (_ctx, auth) => ({ props: { id: auth.user.id } }))
    expectTypeOf(ssr).parameter(0).toEqualTypeOf<GetServerSidePropsContext>()
    const api = kit.withAuthApi((_req, res: NextApiResponse, auth) => res.json(auth))
    expectTypeOf(api).parameter(0).toEqualTypeOf<NextApiRequest>()
  })
})
