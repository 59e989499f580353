import { KitError } from '../errors.js'
import { decodeBase64Url } from './base64url.js'

/** Header and claims of a compact JWS, decoded but NOT verified. */
export interface DecodedJwt {
  /** Frozen: the same object may be handed to every caller decoding the same header. */
  header: Readonly<Record<string, unknown>>
  payload: Record<string, unknown>
}

const BASE64URL = /^[A-Za-z0-9_-]*$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

function malformed(message: string, cause?: unknown): KitError {
  return new KitError('ERR_KIT_JWT_INVALID', `malformed token: ${message}`, { cause })
}

function decodeSegment(segment: string, name: string): Record<string, unknown> {
  const bytes = segment === '' ? undefined : decodeBase64Url(segment)
  if (!bytes) throw malformed(`${name} is not base64url`)
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

// An environment signs with a handful of keys, so the same few header segments recur
// on every token; their decoded form is remembered by the exact segment. It is frozen
// (shallowly: nothing in the kit writes to a header) and every check on it still runs
// per token. Small and bounded: emptied when full; long segments (never an
// environment's) are not kept.
const HEADER_MEMO_MAX_ENTRIES = 32
const HEADER_MEMO_MAX_LENGTH = 512
const headerMemo = new Map<string, Readonly<Record<string, unknown>>>()

function decodeHeader(segment: string): Readonly<Record<string, unknown>> {
  const known = headerMemo.get(segment)
  if (known) return known
  const header = Object.freeze(decodeSegment(segment, 'header'))
  if (segment.length <= HEADER_MEMO_MAX_LENGTH) {
    if (headerMemo.size >= HEADER_MEMO_MAX_ENTRIES) headerMemo.clear()
    headerMemo.set(segment, header)
  }
  return header
}

function splitCompact(token: unknown): string[] {
  if (typeof token !== 'string' || token === '') throw malformed('not a non-empty string')
  if (token.length > 16_384) throw malformed('longer than 16 KiB')
  const parts = token.split('.')
  if (parts.length === 5) throw malformed('encrypted tokens (JWE) are not accepted')
  if (parts.length !== 3) throw malformed(`expected 3 segments, got ${parts.length}`)
  return parts
}

function checkSignatureAndHeader(parts: string[], header: Readonly<Record<string, unknown>>) {
  if (parts[2] === '' || !BASE64URL.test(parts[2]!)) throw malformed('signature is not base64url')
  if (typeof header['alg'] !== 'string') throw malformed('header has no "alg"')
  if ('enc' in header) throw malformed('encrypted tokens (JWE) are not accepted')
}

/**
 * Structural check of a compact JWS before any key lookup: exactly three base64url
 * segments, UTF-8 JSON object header and payload, a string `alg`. Rejects JWEs and
 * anything else with a typed error rather than letting garbage reach crypto code.
 */
export function decodeJwt(token: unknown): DecodedJwt {
  const parts = splitCompact(token)
  const header = decodeHeader(parts[0]!)
  const payload = decodeSegment(parts[1]!, 'payload')
  checkSignatureAndHeader(parts, header)
  return { header, payload }
}

/**
 * The same checks as `decodeJwt` except that the payload is only checked to be
 * base64url, not decoded: for a token about to be verified with a key already in hand,
 * where jose decodes the payload anyway and refuses it unless it is strict UTF-8 JSON
 * object. Whoever uses it must run `decodeJwt` before any key fetch and before
 * reporting any failure, so that a malformed token is always refused as malformed and
 * never costs a network call. Returns the decoded header.
 */
export function decodeJwtHeader(token: unknown): Readonly<Record<string, unknown>> {
  const parts = splitCompact(token)
  const header = decodeHeader(parts[0]!)
  const payload = parts[1]!
  if (payload === '' || payload.length % 4 === 1 || !BASE64URL.test(payload)) {
    throw malformed('payload is not base64url')
  }
  checkSignatureAndHeader(parts, header)
  return header
}
