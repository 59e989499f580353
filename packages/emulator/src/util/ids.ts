import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * New prefixed random identifier, e.g. `newId('org')` -> `org_5f2k9...`. 20 base32
 * characters carry 100 bits of randomness: unguessable and collision-free for any
 * local data set.
 */
export function newId(prefix: string): string {
  const bytes = randomBytes(20)
  let out = ''
  for (const byte of bytes) out += ALPHABET[byte & 31]
  return `${prefix}_${out}`
}

/** Random URL-safe secret (base64url) of `bytes` bytes, used for client secrets. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
