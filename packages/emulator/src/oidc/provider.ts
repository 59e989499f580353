import { createHash, timingSafeEqual } from 'node:crypto'
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { logoutPage, signedOutPage } from '../ui/login/logout-pages.js'
import { SqliteAdapter } from './adapter.js'
import { fanOutBackchannelLogout } from './backchannel-fanout.js'
import { accessTokenClaims, idTokenClaims, type TokenLike } from './claims.js'
import { allowedScopesOf, checkClientCredentialsScope, STANDARD_SCOPES } from './client-scopes.js'
import { findClient } from './clients.js'
import { findGrantContext } from './grant-context.js'
import type { SigningJwk } from './keys.js'
import { allowLoopbackRedirects } from './loopback-redirects.js'
import { grantForOrganizationSwitch } from './organization-switch.js'
import { renderSignInError } from './sign-in-error.js'
import { sessionIdForUid } from './user-sessions.js'

/** Token lifetimes and other knobs of the OIDC module (seconds). */
export interface OidcOptions {
  accessTokenTtl?: number
  idTokenTtl?: number
  refreshTokenTtl?: number
  sessionTtl?: number
}

/** Resource indicator every access token is issued for (audience: the client id). */
export const DEFAULT_RESOURCE = 'urn:kit:access-token'

/** Custom authorize parameters the hosted service accepts. */
export const EXTRA_PARAMS = ['organization_id', 'connection_id', 'domain_hint', 'provider']

/** Everything `buildProvider` needs. */
export interface ProviderDeps {
  ctx: EmulatorContext
  keys: SigningJwk[]
  cookieKeys: string[]
  options: OidcOptions
}

/** Lifetimes with defaults applied. */
export function ttlsOf(options: OidcOptions) {
  return {
    accessToken: options.accessTokenTtl ?? 3600,
    idToken: options.idTokenTtl ?? 3600,
    refreshToken: options.refreshTokenTtl ?? 14 * 24 * 3600,
    session: options.sessionTtl ?? 14 * 24 * 3600,
  }
}

/**
 * Builds the oidc-provider instance at the hosted service's paths. It is rebuilt on key
 * rotation (oidc-provider takes its keys at construction); all state lives in SQLite,
 * so a rebuilt instance continues every session, grant and refresh token.
 */
export function buildProvider({ ctx, keys, cookieKeys, options }: ProviderDeps): Provider {
  const ttl = ttlsOf(options)
  const port = new URL(ctx.issuer).port || '80'
  const config: Configuration = {
    adapter: SqliteAdapter.factory(ctx.db),
    jwks: { keys: keys as never },
    cookies: {
      keys: cookieKeys,
      names: {
        session: `kit_op_${port}`,
        interaction: `kit_op_${port}_interaction`,
        resume: `kit_op_${port}_resume`,
      },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    routes: {
      authorization: '/oauth/authorize',
      token: '/oauth/token',
      jwks: '/keys',
      end_session: '/oidc/logout',
      userinfo: '/userinfo',
      revocation: '/oauth/revoke',
      introspection: '/oauth/introspect',
    },
    scopes: STANDARD_SCOPES,
    claims: {
      openid: ['sub', 'oid', 'amr', 'auth_time', 'organizations'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'picture'],
      sid: null,
      acr: null,
    },
    conformIdTokenClaims: false,
    extraParams: EXTRA_PARAMS,
    extraClientMetadata: { properties: ['kit_secrets', 'kit_kind', 'kit_loopback_any_port'] },
    pkce: { required: () => true },
    responseTypes: ['code'],
    clientDefaults: { id_token_signed_response_alg: 'RS256' },
    clockTolerance: 5,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (kctx, form) => {
          kctx.type = 'html'
          kctx.body = String(logoutPage(form))
        },
        postLogoutSuccessSource: async (kctx) => {
          kctx.type = 'html'
          kctx.body = String(signedOutPage())
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_kctx, _client, oneOf) => oneOf ?? DEFAULT_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (kctx, _indicator, client) => {
          const record = findClient(ctx.db, client.clientId)
          checkClientCredentialsScope(kctx, record)
          const scope = allowedScopesOf(record)
          const audience =
            record?.data.audience?.find((a) => typeof a === 'string' && a) ?? client.clientId
          const expiry = Number(record?.data.expiry)
          const lifetime =
            record?.kind === 'm2m' && Number.isInteger(expiry) && expiry > 0
              ? expiry
              : ttl.accessToken
          return {
            scope: scope.join(' '),
            audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: lifetime,
            jwt: { sign: { alg: 'RS256' } },
          }
        },
      },
    },
    extraTokenClaims: async (kctx, token) =>
      accessTokenClaims(ctx, token as unknown as TokenLike, authTimeOf(kctx)),
    formats: {
      customizers: {
        // oidc-provider issues one audience; an M2M client's token is meant for every API
        // in its `audience` list, so a resource server named second must find itself.
        jwt: (_kctx, token, jwt) => {
          if (token.kind !== 'ClientCredentials' || !token.clientId) return
          const audience = findClient(ctx.db, token.clientId)?.data.audience
          const list = (audience ?? []).filter((a) => typeof a === 'string' && a)
          if (list.length > 1) jwt.payload.aud = list
        },
      },
    },
    findAccount: async (_kctx, sub, token) => {
      const grantId = (token as { grantId?: string } | undefined)?.grantId
      const claims = idTokenClaims(ctx, sub, grantId)
      if (!claims) return undefined
      return { accountId: sub, claims: async () => ({ ...claims, sub }) }
    },
    loadExistingGrant: async (kctx) => loadGrantMatchingRequest(ctx, kctx),
    issueRefreshToken: async (_kctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    interactions: { url: async (_kctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: async (kctx, out) => {
      kctx.type = 'html'
      kctx.body = String(renderSignInError(ctx, kctx, out as unknown as Record<string, unknown>))
    },
    ttl: {
      AccessToken: (_kctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
      ClientCredentials: (_kctx, token) => token.resourceServer?.accessTokenTTL ?? ttl.accessToken,
      AuthorizationCode: 120,
      IdToken: ttl.idToken,
      RefreshToken: ttl.refreshToken,
      Grant: Math.max(ttl.refreshToken, ttl.session),
      Session: ttl.session,
      Interaction: 3600,
    },
    fetch: (url, init) => {
      // Back-channel logout goes to local receivers (127.0.0.1), which oidc-provider's
      // SSRF guard would refuse; the emulator only ever runs on a developer machine.
      const { dispatcher: _ignored, ...rest } = init as RequestInit & { dispatcher?: unknown }
      return fetch(url, rest)
    },
  }
  const provider = new Provider(ctx.issuer, config)
  patchProvider(ctx, provider)
  allowLoopbackRedirects(provider)
  fanOutBackchannelLogout(ctx, provider)
  return provider
}

/**
 * The login time of the code or refresh token being redeemed (oidc-provider keeps
 * `authTime` on both, and carries it across refresh rotations), for the access token.
 */
function authTimeOf(kctx: KoaContextWithOIDC): number | undefined {
  const entities = kctx.oidc?.entities as
    | { AuthorizationCode?: { authTime?: unknown }; RefreshToken?: { authTime?: unknown } }
    | undefined
  const authTime = entities?.AuthorizationCode?.authTime ?? entities?.RefreshToken?.authTime
  return typeof authTime === 'number' ? authTime : undefined
}

/**
 * Reuses the browser session's grant only when it was made for the same organization
 * and connection the request asks for; another organization of a member is granted at
 * once (organization switching, see organization-switch.ts); otherwise the consent step
 * records a new grant with the new choice.
 */
async function loadGrantMatchingRequest(ctx: EmulatorContext, kctx: KoaContextWithOIDC) {
  const client = kctx.oidc.client
  if (!client) return undefined
  const grantId =
    kctx.oidc.result?.consent?.grantId ?? kctx.oidc.session?.grantIdFor(client.clientId)
  const params = kctx.oidc.params ?? {}
  const context = findGrantContext(ctx.db, grantId)
  const wantedOrg = typeof params.organization_id === 'string' ? params.organization_id : undefined
  const wantedConn = typeof params.connection_id === 'string' ? params.connection_id : undefined
  if (!kctx.oidc.result?.consent?.grantId && wantedOrg && context?.organizationId !== wantedOrg) {
    return grantForOrganizationSwitch(ctx, kctx, wantedOrg, context, DEFAULT_RESOURCE)
  }
  if (!grantId) return undefined
  if (!kctx.oidc.result?.consent?.grantId) {
    if (!context) return undefined
    if (wantedOrg && context.organizationId !== wantedOrg) return undefined
    if (wantedConn && context.connectionId !== wantedConn) return undefined
  }
  return kctx.oidc.provider.Grant.find(grantId)
}

/**
 * Behaviours oidc-provider has no option for: one `sid` per browser session for every
 * client (the emulator's user session id, so the management API, tokens and back-channel
 * logout agree), `sid` in every token, and accepting any active client secret (rotation).
 */
function patchProvider(ctx: EmulatorContext, provider: Provider): void {
  const sessionProto = (provider.Session as unknown as { prototype: Record<string, unknown> })
    .prototype
  sessionProto.ensureClientContainer = function ensureClientContainer(
    this: { uid: string; sidFor(clientId: string, value?: string): string | undefined },
    clientId: string,
  ) {
    if (!this.sidFor(clientId)) this.sidFor(clientId, sessionIdForUid(ctx, this.uid))
  }
  const clientProto = (provider.Client as unknown as { prototype: Record<string, unknown> })
    .prototype
  // Every ID token, refresh token and access token carries the session id (`sid`).
  clientProto.includeSid = () => true
  clientProto.compareClientSecret = function compareClientSecret(
    this: { clientSecret?: string; kit_secrets?: string[] },
    actual: string,
  ) {
    const candidates = this.kit_secrets?.length
      ? this.kit_secrets
      : this.clientSecret
        ? [this.clientSecret]
        : []
    const digest = (v: string) => createHash('sha256').update(v).digest()
    const given = digest(String(actual))
    return candidates.some((secret) => timingSafeEqual(digest(secret), given))
  }
}
