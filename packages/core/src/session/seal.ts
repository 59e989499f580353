import { SEAL_ENGINE, sealIron, unsealIron } from '#seal-crypto'
import { KitError } from '../errors.js'
import type { SealPassword } from './seal-crypto.js'
import type { PasswordMap, SessionPasswords } from './secrets.js'

/** Longest seal string we try to open; anything longer is garbage by construction. */
const MAX_SEAL_LENGTH = 64 * 1024

const SEAL_FORMAT = /^Fe26\.2\*[A-Za-z0-9_*-]+~2$/

/**
 * The implementation package.json's `imports` map resolved for this runtime: Node's
 * `node:crypto` under the `node` condition, iron-session on Web Crypto elsewhere. Both
 * make and open the same seals; tests check that Node really gets the fast one.
 */
export const sealEngine = SEAL_ENGINE

/**
 * Encrypts and authenticates a JSON value with the newest secret (iron, AES-256-CBC +
 * HMAC-SHA-256). `ttlSeconds` is also written into the seal as a hard stop; the session
 * policy enforces its own idle/absolute limits from the data inside.
 *
 * @example
 * ```ts
 * const seal = await sealValue({ hello: 'world' }, passwords, 600)
 * ```
 */
export async function sealValue(
  value: object,
  passwords: SessionPasswords,
  ttlSeconds: number,
): Promise<string> {
  return sealIron(value, newestPassword(passwords.seal), Math.max(1, Math.ceil(ttlSeconds)))
}

/**
 * Opens a seal made by {@link sealValue} with any configured secret. Returns null for
 * anything that does not open cleanly (tampered, truncated, garbage, unknown or removed
 * secret, expired): a bad cookie makes the request anonymous, it never throws.
 *
 * @example
 * ```ts
 * const value = await unsealValue<{ hello: string }>(cookieValue, passwords)
 * if (value === null) { ... anonymous ... }
 * ```
 */
export async function unsealValue<T extends object>(
  seal: string,
  passwords: SessionPasswords,
): Promise<T | null> {
  if (typeof seal !== 'string' || seal.length === 0 || seal.length > MAX_SEAL_LENGTH) return null
  // Exactly iron's format plus iron-session's `~2` suffix (which is outside the HMAC).
  if (!SEAL_FORMAT.test(seal)) return null
  try {
    const value = await unsealIron(seal, passwords.unseal)
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
    if (Object.keys(value).length === 0) return null
    return value as T
  } catch {
    return null
  }
}

/** iron-session's rule: the highest numeric id seals (the kit's seal map has one entry). */
function newestPassword(map: PasswordMap): SealPassword {
  let newest: SealPassword | undefined
  for (const [id, secret] of Object.entries(map)) {
    if (newest === undefined || Number(id) > Number(newest.id)) newest = { id, secret }
  }
  if (newest === undefined)
    throw new KitError('ERR_KIT_CONFIG', 'session.secret: no secret to seal with')
  return newest
}
