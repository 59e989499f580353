import { KitError, messageOf } from '../../errors.js'
import { authTimeProblemOf } from '../../oidc/id-token.js'
import { type RequestCookies, readCookies } from '../../session/cookies.js'
import { randomId, type SessionData } from '../../session/session-data.js'
import { STATE_PATTERN } from '../../session/transaction.js'
import { toAuth } from '../../tokens/claims-to-auth.js'
import type { Engine } from '../engine.js'
import { acceptsJsonOnly, requestTarget } from '../request-kind.js'
import { errorResponse, redirect } from '../responses.js'
import { withRouteFailure } from '../route-failure.js'
import { idpInitiatedAction } from './idp-initiated.js'
import {
  authorizationErrorResponse,
  kitErrorResponse,
  stateErrorResponse,
} from './sign-in-errors.js'
import { refuseSwitchedSession, switchErrorResponse } from './switch-callback.js'

/**
 * `GET /auth/callback`: finishes a login. With `code` + `state`: exactly one state that
 * names a live transaction cookie of this browser, else 400 with no code exchange; the
 * code is exchanged with the transaction's PKCE verifier and nonce (and the `iss`
 * response parameter, for mix-up defence, and the step-up `maxAge`, whose ID token must
 * carry a recent `auth_time`: 400 `auth_time_missing` / `login_not_recent` otherwise);
 * `onLogin` may veto (403); a brand-new session, recording the login's `auth_time`,
 * is sealed and the transaction cookie is cleared, so a replayed callback fails. With
 * `idp_initiated_login`: restarts an SP-initiated login. With `error`: a fixed message
 * per error code (the identity provider's text goes to the logger, never the page).
 *
 * @example
 * ```ts
 * // GET /auth/callback?code=...&state=... -> 302 to returnTo with the session cookie
 * ```
 */
export async function callbackAction(engine: Engine, request: Request): Promise<Response> {
  const { config, transactions, sessions } = engine
  const query = requestTarget(request.url, config.origin).searchParams
  const api = acceptsJsonOnly(request.headers.get('accept'))
  const cookies = readCookies(request.headers.get('cookie'))
  const states = query.getAll('state')
  const state = states.length === 1 && STATE_PATTERN.test(states[0]!) ? states[0]! : null
  const clearTxn =
    state !== null && cookies.has(transactions.nameFor(state)) ? [transactions.clear(state)] : []
  const fail = (status: number, code: string, message: string) =>
    errorResponse(api, status, code, message, { setCookies: clearTxn })
  const refuse = (message: string, operator: string) =>
    stateErrorResponse(engine, api, message, operator, clearTxn)

  if (query.has('error')) {
    const switchAnswer =
      state === null
        ? null
        : await switchErrorResponse(engine, request, query, state, cookies, api, clearTxn)
    return switchAnswer ?? authorizationErrorResponse(engine, query, api, clearTxn)
  }
  if (query.has('idp_initiated_login') && !query.has('code')) {
    return idpInitiatedAction(engine, request, query, api)
  }
  if (states.length === 0) return refuse('The state parameter is missing', 'no state parameter')
  if (states.length > 1) return refuse('The state parameter is repeated', 'state is repeated')
  if (state === null) return refuse('The state parameter is malformed', 'state is malformed')
  const codes = query.getAll('code')
  if (codes.length !== 1 || !codes[0]) {
    return fail(400, 'invalid_request', 'Exactly one code parameter is required')
  }
  const issuers = query.getAll('iss')
  if (issuers.length > 1) return fail(400, 'invalid_request', 'The iss parameter is repeated')

  const now = engine.nowSeconds()
  const txn = await transactions.read(state, cookies, now)
  if (txn === null) {
    const operator = cookies.has(transactions.nameFor(state))
      ? 'the login attempt of this state expired or its cookie does not open (sign-in took over 10 minutes, or the session secret changed)'
      : `the browser sent no login cookie for this state: the login was already finished, or it was started on another origin than baseUrl ${config.origin} (cookies are per origin: localhost and 127.0.0.1, or two ports, differ); open the app at exactly ${config.origin}`
    return refuse(
      'No login in progress for this state in this browser (expired, already used or started elsewhere); sign in again',
      operator,
    )
  }

  let data: SessionData
  let auth: ReturnType<typeof toAuth>
  try {
    const result = await config.kit.authenticateWithCode(codes[0], config.redirectUri, {
      codeVerifier: txn.codeVerifier,
      nonce: txn.nonce,
      ...(issuers[0] !== undefined ? { iss: issuers[0] } : {}),
      // A step-up login: the ID token must prove a recent authentication (core checks it).
      ...(txn.maxAge !== undefined ? { maxAgeSeconds: txn.maxAge } : {}),
    })
    const claims = await config.kit.validateToken(result.accessToken)
    auth = toAuth(claims, { accessToken: result.accessToken, idToken: result.idToken })
    data = {
      v: 1,
      sid: randomId(),
      user: { ...result.user, id: result.user.id || auth.user.id },
      accessToken: result.accessToken,
      accessTokenExpiresAt:
        typeof claims['exp'] === 'number' ? claims['exp'] : now + (result.expiresIn ?? 300),
      idToken: result.idToken,
      createdAt: now,
      lastActiveAt: now,
    }
    if (result.refreshToken) data.refreshToken = result.refreshToken
    // A provider clock ahead of ours must not make the login look recent for longer.
    if (result.authTime !== undefined) data.authTime = Math.min(result.authTime, now)
    // Only what the verified tokens say: the organization/connection the login *asked* for
    // (txn) must never become the session's, or a guard would trust an unverified request.
    const organizationId = result.organizationId ?? auth.organizationId
    const connectionId = result.connectionId ?? auth.connectionId
    if (organizationId) data.organizationId = organizationId
    // Without the ID token in the session, its list of organizations would be lost.
    if (!sessions.storesIdToken && auth.organizations)
      data.organizations = auth.organizations.map((o) => ({ ...o }))
    if (connectionId) data.connectionId = connectionId
  } catch (error) {
    if (!(error instanceof KitError)) throw error
    const problem = authTimeProblemOf(error)
    if (problem !== undefined) {
      return kitErrorResponse(
        engine,
        error,
        api,
        {
          code: problem,
          message:
            'This page needs a recent sign-in, and the sign-in service did not confirm one. Sign in again.',
          step: 'sign-in (recent login check)',
        },
        clearTxn,
      )
    }
    return kitErrorResponse(
      engine,
      error,
      api,
      {
        code: 'login_failed',
        message: 'Sign-in could not be completed. Start the sign-in again from this application.',
        step: 'sign-in (code exchange)',
      },
      clearTxn,
    )
  }

  const switchRefused = refuseSwitchedSession(engine, txn, data, auth, api, clearTxn)
  if (switchRefused) return switchRefused

  if (config.onLogin) {
    let allowed: unknown
    try {
      allowed = await config.onLogin(auth)
    } catch {
      allowed = false
    }
    if (allowed === false)
      return fail(403, 'login_denied', 'This account may not sign in to this application')
  }

  let sessionCookies: string[]
  try {
    sessionCookies = await sessions.write(data, cookies, now)
  } catch (error) {
    if (!(error instanceof KitError) || error.code !== 'ERR_KIT_SESSION_TOO_LARGE') throw error
    config.logger.error(`kit: ${error.message}`)
    return withRouteFailure(
      fail(
        500,
        'session_too_large',
        'You signed in, but this application could not store the session. Contact the administrator of this application (the server log says what to change).',
      ),
      error,
    )
  }
  if (!sessions.storesIdToken && data.idToken) {
    // Kept beside the session, sent on logout only, so logout can still name the session.
    const remaining = data.createdAt + sessions.lifetimes.absoluteTimeoutSeconds - now
    const hints = sessions.logoutHints(config.paths.logout)
    sessionCookies.push(await hints.write(data.sid, data.idToken, remaining))
  }
  try {
    await revokePrevious(engine, cookies, now)
  } catch (error) {
    // Fail closed: the replaced session must not outlive this login unrevoked.
    const reason = messageOf(error)
    config.logger.error(
      `kit: the revocation store failed while a sign-in replaced a session (${reason}); check that the store (e.g. Redis) is reachable`,
    )
    return withRouteFailure(
      fail(
        503,
        'revocation_unavailable',
        'Sign-in could not be completed right now. Wait a moment, then sign in again.',
      ),
      new KitError('ERR_KIT_NETWORK', `revocation store failed: ${reason}`, { cause: error }),
    )
  }
  return redirect(config.origin + txn.returnTo, [...clearTxn, ...sessionCookies])
}

/** Logging in again (maybe as someone else) retires the session value it replaces. */
async function revokePrevious(engine: Engine, cookies: RequestCookies, now: number): Promise<void> {
  const previous = await engine.sessions.read(cookies, now)
  if (previous.status !== 'valid') return
  engine.sessions.forget(previous.raw)
  // No session value outlives its absolute limit, so the revocation need not either.
  await engine.config.revocationStore.revoke(
    previous.data.sid,
    previous.data.createdAt + engine.sessions.lifetimes.absoluteTimeoutSeconds,
    previous.data.createdAt,
  )
}
