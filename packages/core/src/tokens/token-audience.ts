// Every token of an environment has the same issuer and signing keys: another
// application's client_credentials token, a third-party client's token for one of our
// users, an organization M2M token for some other API. Signature, issuer and expiry
// say only that the environment issued a token, not that it was issued for us; the
// audience (RFC 9068 section 4, RFC 8725 section 3.9) says who it is for.
import { KitError } from '../errors.js'

/** Who a token must be meant for. */
export interface AudiencePolicy {
  /** Accepted `aud` values: the token passes when its `aud` includes any of them. */
  audiences?: readonly string[]
  /** Clients (`client_id`, else `azp`) whose tokens pass whatever their `aud`. */
  allowedClients?: readonly string[]
}

/** The `aud` claim as a list (a string or an array of strings; anything else is empty). */
export function audiencesOf(claims: Record<string, unknown>): string[] {
  const aud = claims['aud']
  if (typeof aud === 'string') return [aud]
  return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : []
}

/** The client a token was issued to: `client_id` (RFC 9068), else `azp` (OIDC). */
export function clientOf(claims: Record<string, unknown>): string | undefined {
  for (const name of ['client_id', 'azp']) {
    const value = claims[name]
    if (typeof value === 'string' && value !== '') return value
  }
  return undefined
}

/**
 * Throws `ERR_KIT_JWT_CLAIM` unless the token is meant for us: its `aud` includes one of
 * `audiences`, or the client it was issued to is one of `allowedClients`. A policy with
 * neither list checks nothing (the caller chose not to check the audience); an empty
 * list given explicitly accepts no one (fails closed).
 *
 * @example
 * ```ts
 * assertAudience(claims, { audiences: [clientId], allowedClients: ['skc_partner'] })
 * ```
 */
export function assertAudience(claims: Record<string, unknown>, policy: AudiencePolicy): void {
  const { audiences, allowedClients } = policy
  if (audiences === undefined && allowedClients === undefined) return
  const aud = audiencesOf(claims)
  if (audiences?.length && aud.some((a) => audiences.includes(a))) return
  const client = clientOf(claims)
  if (client !== undefined && allowedClients?.includes(client)) return
  throw new KitError(
    'ERR_KIT_JWT_CLAIM',
    `claim "aud" check failed: the token is meant for ${
      aud.length ? aud.map((a) => `"${a}"`).join(', ') : 'no audience'
    }${client ? ` (client "${client}")` : ''}, not this application; accept it by listing its ` +
      'audience in `audience` (bearer.audience) or its client in `allowedClients` (bearer.allowedClients)',
  )
}
