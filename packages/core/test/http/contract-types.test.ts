// Type tests of the adapter contract (checked by `tsc` over the test folder, and run as
// no-op assertions by vitest): what adapters rely on must not drift silently.
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  type Auth,
  createKitRoutes,
  type KitAuthentication,
  type KitClient,
  type KitClientForRoutes,
  type KitEndpoint,
  type KitReply,
  type KitRequestLike,
  type KitRoutes,
  type KitRoutesConfig,
  type Requirement,
} from '../../src/index.js'

describe('adapter contract types', () => {
  it('a KitClient is a KitClientForRoutes', () => {
    expectTypeOf<KitClient>().toMatchTypeOf<KitClientForRoutes>()
    expectTypeOf<KitRoutesConfig['kit']>().toEqualTypeOf<KitClientForRoutes>()
  })

  it('createKitRoutes returns the three adapter functions plus endpoints', () => {
    expectTypeOf(createKitRoutes).parameter(0).toEqualTypeOf<KitRoutesConfig>()
    expectTypeOf(createKitRoutes).returns.toEqualTypeOf<KitRoutes>()
    expectTypeOf<KitRoutes['handle']>().toEqualTypeOf<
      (request: Request) => Promise<Response | null>
    >()
    expectTypeOf<KitRoutes['authenticate']>().returns.resolves.toEqualTypeOf<KitAuthentication>()
    expectTypeOf<KitAuthentication>().toEqualTypeOf<{
      auth: Auth | null
      setCookies: string[]
      readonly responseHeaders: ReadonlyArray<readonly [name: string, value: string]>
    }>()
    expectTypeOf<KitRoutes['origin']>().toEqualTypeOf<string>()
    expectTypeOf<KitEndpoint['maxBodyBytes']>().toEqualTypeOf<number>()
    expectTypeOf<KitRoutes['guard']>().parameters.toEqualTypeOf<
      [KitRequestLike, Auth | null, Requirement]
    >()
    expectTypeOf<KitRoutes['guard']>().returns.toEqualTypeOf<KitReply | null>()
    expectTypeOf<KitRoutes['endpoints']>().toEqualTypeOf<readonly KitEndpoint[]>()
  })

  it('a Web Request and a minimal header shape are both KitRequestLike', () => {
    expectTypeOf<Request>().toMatchTypeOf<KitRequestLike>()
    expectTypeOf<{
      method: string
      url: string
      headers: Headers
    }>().toMatchTypeOf<KitRequestLike>()
  })

  it('requirements are a closed union', () => {
    expectTypeOf<{ kind: 'permission'; names: string[] }>().toMatchTypeOf<Requirement>()
    expectTypeOf<{ kind: 'superuser' }>().not.toMatchTypeOf<Requirement>()
    // Runtime check too, so the file fails loudly if the module stops exporting the engine.
    expect(typeof createKitRoutes).toBe('function')
  })
})
