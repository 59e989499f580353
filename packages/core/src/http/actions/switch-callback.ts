import { KitError } from '../../errors.js'
import type { RequestCookies } from '../../session/cookies.js'
import type { SessionData } from '../../session/session-data.js'
import type { LoginTransaction } from '../../session/transaction.js'
import type { Auth } from '../../tokens/claims-to-auth.js'
import type { Engine } from '../engine.js'
import { errorResponse } from '../responses.js'
import { withRouteFailure } from '../route-failure.js'
import { startLogin } from './start-login.js'

// The callback's part of organization switching (see switch-organization.ts): what a
// switch transaction demands of the new tokens, and what an error answer to the silent
// attempt leads to. Kept apart so the callback reads the same for every other login.

const TITLE = 'Organization not switched'

/** Answers to `prompt=none` meaning "the user must do something": worth one interactive retry. */
const NEEDS_USER = new Set([
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
])

/**
 * Refuses the new session of a switch unless its VERIFIED tokens name the same user and
 * exactly the requested organization; null when they do. A refusal leaves the old session
 * as it was (the callback returns before writing or revoking anything), so a confused or
 * hostile environment can neither swap the user nor land her in another organization.
 *
 * @example
 * ```ts
 * const refused = txn.switchFrom && refuseSwitchedSession(engine, txn, data, auth, api, clearTxn)
 * if (refused) return refused
 * ```
 */
export function refuseSwitchedSession(
  engine: Engine,
  txn: LoginTransaction,
  data: SessionData,
  auth: Auth,
  api: boolean,
  setCookies: readonly string[],
): Response | null {
  const from = txn.switchFrom
  if (from === undefined) return null
  // Both the session record and the identity guards will build from its access token
  // must agree: an ID token naming one organization cannot carry an access token for another.
  const sameUser = data.user.id === from.userId && auth.user.id === from.userId
  const sameOrganization =
    data.organizationId === txn.organizationId &&
    (auth.organizationId ?? data.organizationId) === txn.organizationId
  if (sameUser && sameOrganization) return null
  const problem = sameUser
    ? `the tokens are for organization ${JSON.stringify(data.organizationId ?? null)}, not the requested ${JSON.stringify(txn.organizationId)}`
    : 'the tokens are for another user than the signed-in one'
  engine.config.logger.warn(
    `kit: organization switch from ${JSON.stringify(from.organizationId ?? null)} refused: ${problem}`,
  )
  return withRouteFailure(
    errorResponse(
      api,
      403,
      'organization_switch_failed',
      'The organization could not be switched: the sign-in service answered for another account or organization. You are still signed in to your current organization.',
      { title: TITLE, setCookies },
    ),
    new KitError('ERR_KIT_OAUTH', `organization switch refused: ${problem}`),
  )
}

/**
 * The answer to `/auth/callback?error=...` when the state names a switch transaction of
 * this browser; null for any other callback (the usual error page then answers).
 * The silent attempt's "the user must act" errors restart the same switch once without
 * `prompt=none`, so the user sees the environment's page; `access_denied` (not a member)
 * is a 403 naming the organization. Neither touches the current session.
 *
 * @example
 * ```ts
 * const answer = await switchErrorResponse(engine, request, query, state, cookies, api, clearTxn)
 * if (answer) return answer
 * ```
 */
export async function switchErrorResponse(
  engine: Engine,
  request: Request,
  query: URLSearchParams,
  state: string,
  cookies: RequestCookies,
  api: boolean,
  setCookies: readonly string[],
): Promise<Response | null> {
  const txn = await engine.transactions.read(state, cookies, engine.nowSeconds())
  const from = txn?.switchFrom
  if (txn === null || from === undefined || !txn.organizationId) return null
  const codes = query.getAll('error')
  const code = codes.length === 1 ? codes[0]! : ''
  if (from.attempt === 'silent' && NEEDS_USER.has(code)) {
    const retry = await startLogin(engine, request, {
      returnTo: txn.returnTo,
      organizationId: txn.organizationId,
      switchFrom: { ...from, attempt: 'interactive' },
    })
    for (const cookie of setCookies) retry.headers.append('set-cookie', cookie)
    return retry
  }
  if (code !== 'access_denied') return null
  const description = query.getAll('error_description').join(' ').slice(0, 1000)
  engine.config.logger.warn(
    `kit: organization switch to ${txn.organizationId} denied by the identity provider${description ? `: ${JSON.stringify(description)}` : ''}`,
  )
  return withRouteFailure(
    errorResponse(
      api,
      403,
      'organization_switch_refused',
      `You cannot switch to the organization ${txn.organizationId}: you are not a member of it, or it refused the sign-in. You are still signed in to your current organization.`,
      { title: TITLE, setCookies },
    ),
    new KitError('ERR_KIT_OAUTH', `organization switch to ${txn.organizationId} denied`),
  )
}
