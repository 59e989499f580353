import { KitError } from '../errors.js'

/** Header and claims of a compact JWS, decoded but NOT verified. */
export interface DecodedJwt {
  header: Record<string, unknown>
  payload: Record<string, unknown>
}

const BASE64URL = /^[A-Za-z0-9_-]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function malformed(message: string, cause?: unknown): KitError {
  return new KitError('ERR_KIT_JWT_INVALID', `malformed token: ${message}`, { cause })
}

function decodeSegment(segment: string, name: string): Record<string, unknown> {
  if (segment === '' || !BASE64URL.test(segment) || segment.length % 4 === 1) {
    throw malformed(`${name} is not base64url`)
  }
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/')
  let binary: string
  try {
    binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  } catch (cause) {
    throw malformed(`${name} is not base64url`, cause)
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0))
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch (cause) {
    throw malformed(`${name} is not valid UTF-8`, cause)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw malformed(`${name} is not JSON`, cause)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw malformed(`${name} is not a JSON object`)
  }
  return value as Record<string, unknown>
}

/**
 * Structural check of a compact JWS before any key lookup: exactly three base64url
 * segments, UTF-8 JSON object header and payload, a string `alg`. Rejects JWEs and
 * anything else with a typed error rather than letting garbage reach crypto code.
 */
export function decodeJwt(token: unknown): DecodedJwt {
  if (typeof token !== 'string' || token === '') throw malformed('not a non-empty string')
  if (token.length > 16_384) throw malformed('longer than 16 KiB')
  const parts = token.split('.')
  if (parts.length === 5) throw malformed('encrypted tokens (JWE) are not accepted')
  if (parts.length !== 3) throw malformed(`expected 3 segments, got ${parts.length}`)
  const header = decodeSegment(parts[0]!, 'header')
  const payload = decodeSegment(parts[1]!, 'payload')
  if (parts[2] === '' || !BASE64URL.test(parts[2]!)) throw malformed('signature is not base64url')
  if (typeof header['alg'] !== 'string') throw malformed('header has no "alg"')
  if ('enc' in header) throw malformed('encrypted tokens (JWE) are not accepted')
  return { header, payload }
}
