import { generateNonce, generatePkce, generateState } from '../../oidc/pkce.js'
import { readCookies } from '../../session/cookies.js'
import type { LoginTransaction, OrganizationSwitchOrigin } from '../../session/transaction.js'
import type { Engine } from '../engine.js'
import { redirect } from '../responses.js'

/** What a login attempt asks the environment for. */
export interface LoginRequest {
  /** Already-checked same-origin path. */
  returnTo: string
  organizationId?: string
  connectionId?: string
  loginHint?: string
  domainHint?: string
  provider?: string
  prompt?: string
  /** Marks the login as an organization switch (see `LoginTransaction.switchFrom`). */
  switchFrom?: OrganizationSwitchOrigin
  /**
   * Step-up: the user must have authenticated within this many seconds (`max_age`, plus
   * `prompt=login` unless `stepUpPromptLogin` is false); the callback checks `auth_time`.
   */
  maxAge?: number
}

/**
 * Starts one SP-initiated login: fresh state, nonce and PKCE S256 pair, a transaction
 * cookie named after the state, and a 302 to the environment's authorization URL.
 * Shared by `/auth/login` and the IdP-initiated restart.
 *
 * @example
 * ```ts
 * return startLogin(engine, request, { returnTo: '/dashboard', organizationId: 'org_1' })
 * ```
 */
export async function startLogin(
  engine: Engine,
  request: Request,
  login: LoginRequest,
): Promise<Response> {
  const { config, transactions } = engine
  const state = generateState()
  const nonce = generateNonce()
  const pkce = await generatePkce()
  const txn: LoginTransaction = {
    v: 1,
    kind: 'txn',
    state,
    codeVerifier: pkce.codeVerifier,
    nonce,
    returnTo: login.returnTo,
    createdAt: engine.nowSeconds(),
  }
  if (login.organizationId) txn.organizationId = login.organizationId
  if (login.connectionId) txn.connectionId = login.connectionId
  if (login.switchFrom) txn.switchFrom = login.switchFrom
  if (login.maxAge !== undefined) txn.maxAge = login.maxAge
  const prompt = login.maxAge !== undefined && config.stepUpPromptLogin ? 'login' : login.prompt
  const location = config.kit.getAuthorizationUrl(config.redirectUri, {
    ...(config.scopes ? { scopes: [...config.scopes] } : {}),
    state,
    nonce,
    codeChallenge: pkce.codeChallenge,
    codeChallengeMethod: 'S256',
    ...optional('loginHint', login.loginHint),
    ...optional('domainHint', login.domainHint),
    ...optional('connectionId', login.connectionId),
    ...optional('organizationId', login.organizationId),
    ...optional('provider', login.provider),
    ...optional('prompt', prompt),
    ...(login.maxAge !== undefined ? { maxAgeSeconds: login.maxAge } : {}),
  })
  const cookies = readCookies(request.headers.get('cookie'))
  return redirect(location, await transactions.create(txn, cookies))
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {}
}
