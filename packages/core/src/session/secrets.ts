import { KitError } from '../errors.js'

/** iron-session's password map: id -> secret; the highest id seals, every id unseals. */
export type PasswordMap = Record<string, string>

/** The passwords used to seal (newest secret only) and unseal (every configured secret). */
export interface SessionPasswords {
  readonly seal: PasswordMap
  readonly unseal: PasswordMap
}

/** Shortest secret accepted; iron's key derivation requires at least 32 characters. */
export const MIN_SECRET_LENGTH = 32

/**
 * Validates the configured session secret(s) and returns them newest first.
 * Throws `ERR_KIT_CONFIG` naming the setting, so a weak or missing secret stops start-up
 * instead of producing forgeable cookies.
 *
 * @example
 * ```ts
 * normalizeSecrets(['new-secret-at-least-32-characters!!', 'old-secret-...'], 'session.secret')
 * ```
 */
export function normalizeSecrets(secret: unknown, setting = 'session.secret'): string[] {
  const list = Array.isArray(secret) ? secret : [secret]
  if (list.length === 0) {
    throw new KitError('ERR_KIT_CONFIG', `${setting} must contain at least one secret`)
  }
  list.forEach((value, index) => {
    const name = Array.isArray(secret) ? `${setting}[${index}]` : setting
    if (typeof value !== 'string' || value.length === 0) {
      throw new KitError('ERR_KIT_CONFIG', `${name} is required (a string of 32+ characters)`)
    }
    if (value.length < MIN_SECRET_LENGTH) {
      throw new KitError(
        'ERR_KIT_CONFIG',
        `${name} must be at least ${MIN_SECRET_LENGTH} characters (got ${value.length})`,
      )
    }
  })
  if (new Set(list).size !== list.length) {
    throw new KitError('ERR_KIT_CONFIG', `${setting} lists the same secret twice`)
  }
  return list as string[]
}

/**
 * Builds iron password maps whose ids are derived from each secret's SHA-256, so a seal
 * made before a rotation keeps pointing at its own secret whatever its position in the
 * list (ids by position would shift when a new secret is prepended).
 */
export async function derivePasswords(secrets: readonly string[]): Promise<SessionPasswords> {
  const ids = await Promise.all(secrets.map(secretId))
  if (new Set(ids).size !== ids.length) {
    throw new KitError('ERR_KIT_CONFIG', 'session.secret: two secrets derive the same key id')
  }
  const unseal: PasswordMap = {}
  ids.forEach((id, index) => {
    unseal[id] = secrets[index]!
  })
  const newest = ids[0]!
  return { seal: { [newest]: secrets[0]! }, unseal }
}

/** A 48-bit decimal id (iron ids must be numeric for iron-session to pick the newest). */
async function secretId(secret: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`kit-session-id:${secret}`)),
  )
  let id = 0
  for (let i = 0; i < 6; i++) id = id * 256 + digest[i]!
  return String(id + 1)
}
