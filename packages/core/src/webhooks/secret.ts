import { KitError } from '../errors.js'

/** Prefix of Standard Webhooks signing secrets. */
export const SECRET_PREFIX = 'whsec_'

/** Shortest accepted decoded secret, in bytes (128 bits). */
const MIN_SECRET_BYTES = 16

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/

function configError(problem: string): KitError {
  return new KitError('ERR_KIT_CONFIG', `webhook secret ${problem}`)
}

/** Decodes standard base64 (padding optional); throws on anything else. */
export function base64ToBytes(value: string): Uint8Array {
  const padded = value + '='.repeat((4 - (value.length % 4)) % 4)
  const binary = atob(padded)
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/** Encodes bytes as standard, padded base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

const keyCache = new Map<string, Promise<CryptoKey>>()

/**
 * Turns a `whsec_<base64>` secret into an HMAC-SHA256 key. An empty secret, `whsec_`
 * alone, non-base64 text or a secret under 16 bytes is a configuration error, raised
 * before any request is judged.
 */
export function importWebhookSecret(secret: unknown): Promise<CryptoKey> {
  if (typeof secret !== 'string' || secret.trim() === '') {
    return Promise.reject(configError('is empty (set KIT_WEBHOOK_SECRET)'))
  }
  const cached = keyCache.get(secret)
  if (cached) return cached
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret
  if (encoded === '') return Promise.reject(configError('has nothing after "whsec_"'))
  if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
    return Promise.reject(configError('is not base64 after "whsec_"'))
  }
  let bytes: Uint8Array
  try {
    bytes = base64ToBytes(encoded)
  } catch (cause) {
    return Promise.reject(new KitError('ERR_KIT_CONFIG', 'webhook secret is not base64', { cause }))
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    return Promise.reject(
      configError(`is too short (${bytes.length} bytes; at least ${MIN_SECRET_BYTES} required)`),
    )
  }
  const key = crypto.subtle.importKey(
    'raw',
    bytes as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  if (keyCache.size >= 32) keyCache.clear()
  keyCache.set(secret, key)
  return key
}
