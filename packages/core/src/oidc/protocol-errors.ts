import * as oidc from 'openid-client'
import { KitError } from '../errors.js'

function oauthErrorOf(err: unknown): { error: string; description?: string } | undefined {
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError) {
    return { error: err.error, description: err.error_description }
  }
  return undefined
}

/**
 * Wraps an error from openid-client (or fetch) into a `KitError` with a stable code,
 * keeping the original in `cause`: `invalid_grant` -> ERR_KIT_INVALID_GRANT, other
 * OAuth errors -> ERR_KIT_OAUTH, ID token claim failures -> ERR_KIT_ID_TOKEN, network
 * failures and timeouts -> ERR_KIT_NETWORK.
 */
export function toKitProtocolError(err: unknown, operation: string): KitError {
  if (err instanceof KitError) return err
  const oauth = oauthErrorOf(err)
  if (oauth) {
    const detail = oauth.description ? `${oauth.error}: ${oauth.description}` : oauth.error
    const code = oauth.error === 'invalid_grant' ? 'ERR_KIT_INVALID_GRANT' : 'ERR_KIT_OAUTH'
    return new KitError(code, `${operation} failed: ${detail}`, { cause: err })
  }
  if (err instanceof oidc.ClientError) {
    const code = err.code ?? ''
    if (code === 'OAUTH_TIMEOUT' || code === 'OAUTH_ABORT') {
      return new KitError('ERR_KIT_NETWORK', `${operation} timed out`, { cause: err })
    }
    if (
      code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' ||
      code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED'
    ) {
      return new KitError(
        'ERR_KIT_ID_TOKEN',
        `${operation}: ID token rejected: ${innerMessage(err)}`,
        {
          cause: err,
        },
      )
    }
    if (code === 'OAUTH_INVALID_RESPONSE' && /ID Token|JWT|id_token/i.test(innerMessage(err))) {
      return new KitError(
        'ERR_KIT_ID_TOKEN',
        `${operation}: ID token rejected: ${innerMessage(err)}`,
        {
          cause: err,
        },
      )
    }
    return new KitError('ERR_KIT_OAUTH', `${operation} failed: ${innerMessage(err)}`, {
      cause: err,
    })
  }
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return new KitError('ERR_KIT_NETWORK', `${operation} timed out`, { cause: err })
  }
  if (err instanceof TypeError) {
    return new KitError('ERR_KIT_NETWORK', `${operation} failed: ${err.message}`, { cause: err })
  }
  const message = err instanceof Error ? err.message : String(err)
  return new KitError('ERR_KIT_OAUTH', `${operation} failed: ${message}`, { cause: err })
}

function innerMessage(err: Error): string {
  const cause = err.cause
  if (cause instanceof Error && cause.message && cause.message !== err.message) {
    return `${err.message} (${cause.message})`
  }
  return err.message
}
