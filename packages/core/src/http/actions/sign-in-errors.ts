import { KitError } from '../../errors.js'
import type { Engine } from '../engine.js'
import { errorResponse } from '../responses.js'
import { withRouteFailure } from '../route-failure.js'

/**
 * Fixed, helpful text per OAuth error code (RFC 6749 section 4.1.2.1, OIDC Core 3.1.2.6).
 * The identity provider's `error_description` never reaches the page: anyone can send a
 * victim to `/auth/callback?error=...&error_description=Call support at ...` and the text
 * would appear on the app's own origin (content spoofing). It goes to the logger.
 */
const AUTHORIZATION_ERRORS: Readonly<Record<string, string>> = {
  access_denied:
    'Sign-in was cancelled or access was denied. Try again, or ask your administrator for access to this application.',
  login_required: 'You need to sign in again. Start the sign-in again from this application.',
  interaction_required:
    'The sign-in needs a step from you at your identity provider. Start the sign-in again.',
  consent_required:
    'This application needs your consent to sign you in. Start the sign-in again and accept the request.',
  account_selection_required:
    'Choose an account to continue. Start the sign-in again and pick the account to use.',
  temporarily_unavailable:
    'The sign-in service is temporarily unavailable. Wait a moment, then try again.',
  server_error:
    'The sign-in service had a problem. Try again in a moment; if it keeps happening, contact the administrator of this application.',
}

/** Codes that mean the application's own sign-in request is misconfigured. */
const CONFIGURATION_ERRORS = new Set([
  'invalid_request',
  'unauthorized_client',
  'unsupported_response_type',
  'invalid_scope',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
])

const CONFIGURATION_MESSAGE =
  'This application could not start the sign-in because of a configuration problem. Contact the administrator of this application.'

const GENERIC_MESSAGE =
  'Sign-in did not complete. Try again; if it keeps happening, contact the administrator of this application.'

/**
 * The page (or JSON) for `/auth/callback?error=...`: a fixed message chosen by the error
 * code, the code and description handed to the logger only (`error` when the code says
 * the app's own request is misconfigured, else `warn`) and to the adapter's `onError`.
 *
 * @example
 * ```ts
 * if (query.has('error')) return authorizationErrorResponse(engine, query, api, clearTxn)
 * ```
 */
export function authorizationErrorResponse(
  engine: Engine,
  query: URLSearchParams,
  api: boolean,
  setCookies: readonly string[],
): Response {
  const codes = query.getAll('error')
  const code = codes.length === 1 ? codes[0]! : ''
  const description = query.getAll('error_description').join(' ')
  const line =
    `kit: sign-in failed at the identity provider: error=${quote(codes.join(', '))}` +
    (description ? ` error_description=${quote(description)}` : '')
  const misconfigured = CONFIGURATION_ERRORS.has(code)
  const { logger } = engine.config
  if (misconfigured)
    logger.error(`${line}; the app's sign-in request is refused: run \`npx kit check\``)
  else logger.warn(line)
  const message =
    AUTHORIZATION_ERRORS[code] ?? (misconfigured ? CONFIGURATION_MESSAGE : GENERIC_MESSAGE)
  return withRouteFailure(
    errorResponse(api, 400, 'authorization_error', message, { setCookies }),
    new KitError('ERR_KIT_OAUTH', line.slice('kit: '.length)),
  )
}

/**
 * The page (or JSON) for a callback refused before any code exchange (state missing,
 * repeated or unknown to this browser): `message` for the user, `operator` (what the
 * operator can check) to `logger.warn` and, as `ERR_KIT_STATE_MISMATCH`, to `onError`.
 *
 * @example
 * ```ts
 * return stateErrorResponse(engine, api, 'The state parameter is missing', 'no state parameter', clearTxn)
 * ```
 */
export function stateErrorResponse(
  engine: Engine,
  api: boolean,
  message: string,
  operator: string,
  setCookies: readonly string[],
): Response {
  const line = `sign-in callback refused (invalid_state): ${operator}`
  engine.config.logger.warn(`kit: ${line}`)
  return withRouteFailure(
    errorResponse(api, 400, 'invalid_state', message, { setCookies }),
    new KitError('ERR_KIT_STATE_MISMATCH', line),
  )
}

/**
 * What the operator can do about a failed code exchange, and whether it is the setup's
 * fault (every sign-in fails: `error`) or this attempt's (`warn`).
 */
function operatorHint(error: KitError): { level: 'warn' | 'error'; hint: string } {
  const text = error.message
  if (error.code === 'ERR_KIT_OAUTH' && /invalid_client/.test(text)) {
    return {
      level: 'error',
      hint: 'the environment refused the client credentials: check KIT_CLIENT_ID and KIT_CLIENT_SECRET (`npx kit check` tells which)',
    }
  }
  if (error.code === 'ERR_KIT_DISCOVERY' && /issuer/.test(text)) {
    return {
      level: 'error',
      hint: "set KIT_ENVIRONMENT_URL to exactly the environment's issuer (`npx kit check` prints it)",
    }
  }
  if (error.code === 'ERR_KIT_ID_TOKEN' && /\biss\b|issuer/.test(text)) {
    return {
      level: 'error',
      hint: "the ID token's issuer is not KIT_ENVIRONMENT_URL: use exactly the issuer's URL (`npx kit check`)",
    }
  }
  if (error.code === 'ERR_KIT_NETWORK' || error.code === 'ERR_KIT_DISCOVERY') {
    return {
      level: 'error',
      hint: 'the environment could not be reached: check KIT_ENVIRONMENT_URL and that it is running',
    }
  }
  if (error.code === 'ERR_KIT_INVALID_GRANT') {
    return {
      level: 'warn',
      hint: 'the code was refused: expired or already used, or the callback URL differs from the one sent at login (baseUrl)',
    }
  }
  return { level: 'warn', hint: '' }
}

/** Failures of the environment itself (as opposed to a rejected token or code). */
const UNAVAILABLE = new Set(['ERR_KIT_NETWORK', 'ERR_KIT_DISCOVERY', 'ERR_KIT_JWKS'])

/**
 * The page (or JSON) for a sign-in step that failed with a `KitError` (code exchange,
 * IdP-initiated token): 502 with a fixed "try again" text when the environment was
 * unreachable, else 400 with `rejected` as the code and `message` as the text. The
 * error's own message (which can carry environment-supplied text) goes to the logger,
 * with what to check when the setup is at fault, and the error to `onError`.
 *
 * @example
 * ```ts
 * return kitErrorResponse(engine, error, api, {
 *   code: 'login_failed', message: 'Sign-in could not be completed.', step: 'code exchange',
 * })
 * ```
 */
export function kitErrorResponse(
  engine: Engine,
  error: KitError,
  api: boolean,
  rejected: { code: string; message: string; step: string },
  setCookies: readonly string[] = [],
): Response {
  const { level, hint } = operatorHint(error)
  engine.config.logger[level](
    `kit: ${rejected.step} failed: ${error.code}: ${quote(error.message)}${hint ? `; ${hint}` : ''}`,
  )
  if (UNAVAILABLE.has(error.code)) {
    return withRouteFailure(
      errorResponse(
        api,
        502,
        'environment_unavailable',
        'The sign-in service could not be reached. Wait a moment, then try again.',
        { setCookies },
      ),
      error,
    )
  }
  return withRouteFailure(
    errorResponse(api, 400, rejected.code, rejected.message, { setCookies }),
    error,
  )
}

/** Quotes attacker-influenced text for a log line (no raw newlines, bounded length). */
function quote(text: string): string {
  return JSON.stringify(text.length > 1000 ? `${text.slice(0, 1000)}...` : text)
}
