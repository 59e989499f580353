// Type tests of the public surface (checked by `pnpm --filter @kit/core typecheck`), plus
// a runtime check that the documented exports exist.
import { describe, expect, expectTypeOf, it } from 'vitest'
import type {
  Auth,
  AuthenticationResult,
  IdpInitiatedLoginClaims,
  KitClient,
  KitClientForRoutes,
  KitErrorCode,
  RefreshResult,
  TokenClaims,
  WebhookEvent,
} from '../../src/index.js'
import * as core from '../../src/index.js'

describe('public types', () => {
  it('KitClient satisfies the route engine contract', () => {
    expectTypeOf<KitClient>().toMatchTypeOf<KitClientForRoutes>()
  })

  it('method signatures', () => {
    expectTypeOf<KitClient['getAuthorizationUrl']>().returns.toEqualTypeOf<string>()
    expectTypeOf<
      KitClient['authenticateWithCode']
    >().returns.resolves.toEqualTypeOf<AuthenticationResult>()
    expectTypeOf<KitClient['refreshAccessToken']>().returns.resolves.toEqualTypeOf<RefreshResult>()
    expectTypeOf<KitClient['validateToken']>().returns.resolves.toEqualTypeOf<TokenClaims>()
    expectTypeOf<KitClient['validateAccessToken']>().returns.resolves.toEqualTypeOf<boolean>()
    expectTypeOf<
      KitClient['getIdpInitiatedLoginClaims']
    >().returns.resolves.toEqualTypeOf<IdpInitiatedLoginClaims>()
    expectTypeOf<KitClient['verifyWebhook']>().returns.resolves.toEqualTypeOf<WebhookEvent>()
    expectTypeOf<KitClient['getClientAccessToken']>().returns.resolves.toEqualTypeOf<string>()
    expectTypeOf<AuthenticationResult['user']>().toEqualTypeOf<Auth['user']>()
  })

  it('management namespaces are typed members of KitClient', () => {
    expectTypeOf<KitClient['organization']['getOrganization']>().toBeFunction()
    expectTypeOf<KitClient['actions']['providers']>().toBeObject()
  })

  it('error codes are a closed union', () => {
    expectTypeOf<'ERR_KIT_INVALID_GRANT'>().toMatchTypeOf<KitErrorCode>()
    expectTypeOf<'ERR_NOT_A_CODE'>().not.toMatchTypeOf<KitErrorCode>()
  })

  it('the documented runtime exports exist', () => {
    for (const name of [
      'KitClient',
      'KitError',
      'KitInsufficientScopeError',
      'toAuth',
      'generatePkce',
      'generateState',
      'generateNonce',
      'verifyWebhook',
      'verifyWebhookPayload',
      'createKitRoutes',
    ]) {
      expect(typeof (core as Record<string, unknown>)[name], name).toBe('function')
    }
  })
})
