/**
 * `#seal-crypto` on Node: iron seals made and opened with Node's synchronous
 * `node:crypto`, byte for byte the format of iron-session 8 / iron-webcrypto (which
 * `seal-crypto-web.ts` uses and the tests cross-check both ways). Web Crypto on Node
 * runs every step (two PBKDF2 imports and derivations, an HMAC, an AES decryption) as
 * a separate job on the thread pool with a promise each; here the same work is a few
 * synchronous calls, which is what makes a request with a never-seen cookie cheap.
 *
 * Only package.json's `imports` map loads this file, under the `node` condition; it is
 * the one core source allowed `node:*` and Buffer (see runtime-agnostic.test.ts).
 *
 * Derived keys are not cached: iron derives both keys from random per-seal salts, so a
 * cache keyed by (password, salt) would only ever hit for a seal already opened, which
 * the session cache (`unseal-cache.ts`) answers before reaching this file.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  pbkdf2Sync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto'
import type { SealEngine, SealIron, UnsealIron } from './seal-crypto.js'

/** This module is the Node implementation. */
export const SEAL_ENGINE: SealEngine = 'node-crypto'

/** iron's MAC prefix (format version 2). */
const PREFIX = 'Fe26.2'
/** iron-session 8 appends `~2` (its own format version, outside the MAC). */
const VERSION_SUFFIX = '~2'
/** iron accepts a seal until 60 s after its expiry (clock skew between servers). */
const EXPIRY_SKEW_MS = 60_000
/** iron refuses shorter passwords; the kit's secrets are at least this long anyway. */
const MIN_PASSWORD_LENGTH = 32
/** iron's password ids are word characters. */
const PASSWORD_ID = /^\w+$/
const DIGITS = /^\d+$/
/** 256-bit salts (hex-encoded into the seal), 128-bit IV, 256-bit keys. */
const SALT_BYTES = 32
const IV_BYTES = 16
const KEY_BYTES = 32

/**
 * iron's key derivation: PBKDF2-HMAC-SHA1 with one iteration over the password's UTF-8
 * bytes and the salt's hex text (not the bytes it spells), as iron-webcrypto does.
 */
function deriveKey(secret: string, salt: string): Buffer {
  return pbkdf2Sync(secret, salt, 1, KEY_BYTES, 'sha1')
}

/** HMAC-SHA-256 of the seal's first six fields, base64url, with a key from `salt`. */
function macOf(secret: string, salt: string, base: string): string {
  return createHmac('sha256', deriveKey(secret, salt)).update(base).digest('base64url')
}

/** Constant-time equality of two MAC strings (the expected length is public: 43). */
function sameMac(expected: string, presented: string): boolean {
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** {@inheritDoc SealIron} */
export const sealIron: SealIron = async (value, password, ttlSeconds) => {
  const { id, secret } = password
  if (!PASSWORD_ID.test(id)) throw new Error('Invalid password id')
  if (secret.length < MIN_PASSWORD_LENGTH) throw new Error('Password string too short')
  const now = Date.now()
  const random = randomBytes(SALT_BYTES + IV_BYTES + SALT_BYTES)
  const encryptionSalt = random.toString('hex', 0, SALT_BYTES)
  const iv = random.subarray(SALT_BYTES, SALT_BYTES + IV_BYTES)
  const macSalt = random.toString('hex', SALT_BYTES + IV_BYTES)
  const cipher = createCipheriv('aes-256-cbc', deriveKey(secret, encryptionSalt), iv)
  const encrypted = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  const expiration = ttlSeconds ? now + ttlSeconds * 1000 : ''
  const base = `${PREFIX}*${id}*${encryptionSalt}*${iv.toString('base64url')}*${encrypted.toString('base64url')}*${expiration}`
  return `${base}*${macSalt}*${macOf(secret, macSalt, base)}${VERSION_SUFFIX}`
}

/** {@inheritDoc UnsealIron} */
export const unsealIron: UnsealIron = async (seal, passwords) => {
  if (!seal.endsWith(VERSION_SUFFIX)) return null
  const body = seal.slice(0, -VERSION_SUFFIX.length)
  const parts = body.split('*')
  if (parts.length !== 8) return null
  const [prefix, id = '', encryptionSalt = '', iv = '', ciphertext = '', expiration = ''] = parts
  const macSalt = parts[6] ?? ''
  const mac = parts[7] ?? ''
  if (prefix !== PREFIX) return null
  // The expiry is checked before the MAC, as iron does: it is cheap, and a forged
  // expiry fails the MAC below anyway.
  if (expiration !== '') {
    if (!DIGITS.test(expiration)) return null
    if (Number.parseInt(expiration, 10) <= Date.now() - EXPIRY_SKEW_MS) return null
  }
  const passwordId = id || 'default'
  // Own keys only: an id such as `constructor` must not reach Object.prototype.
  const secret = Object.hasOwn(passwords, passwordId) ? passwords[passwordId] : undefined
  if (typeof secret !== 'string' || secret.length < MIN_PASSWORD_LENGTH) return null
  // iron-webcrypto would derive from a fresh random salt here and fail; same outcome.
  if (encryptionSalt === '' || macSalt === '') return null
  // The MAC covers the first six fields exactly as they appear in the seal.
  const base = body.slice(0, body.length - macSalt.length - mac.length - 2)
  if (!sameMac(macOf(secret, macSalt, base), mac)) return null
  // Only a seal made with this secret gets here: decrypt and parse it.
  const decipher = createDecipheriv(
    'aes-256-cbc',
    deriveKey(secret, encryptionSalt),
    Buffer.from(iv, 'base64url'),
  )
  const json = Buffer.concat([
    decipher.update(Buffer.from(ciphertext, 'base64url')),
    decipher.final(),
  ]).toString('utf8')
  return json === '' ? null : JSON.parse(json)
}
