// Token segments are decoded before any key lookup (so garbage never reaches crypto
// code) and again by jose when it verifies; this decoder keeps the first pass cheap.
// `atob` needs the standard alphabet and padding (two string rewrites) and copying its
// "binary string" into bytes char by char cost more than the signature check around it;
// one pass over a lookup table validates the alphabet and writes the bytes directly.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
/** Value of each ASCII code in the base64url alphabet, -1 outside it. */
const VALUES = new Int8Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) VALUES[ALPHABET.charCodeAt(i)] = i

/**
 * Bytes of an unpadded base64url string, or `undefined` when it is not one (a character
 * outside the alphabet, `=` padding, or a length that leaves a lone 6-bit group).
 * Trailing bits of the last group are ignored, as the forgiving base64 decode does.
 *
 * @example
 * ```ts
 * decodeBase64Url('eyJhIjoxfQ') // Uint8Array of '{"a":1}'
 * ```
 */
export function decodeBase64Url(input: string): Uint8Array | undefined {
  const length = input.length
  const tail = length % 4
  if (tail === 1) return undefined
  const out = new Uint8Array((length * 3) >> 2)
  const whole = length - tail
  let written = 0
  // Four characters make three bytes; `?? -1` refuses codes past the table (non-ASCII).
  for (let i = 0; i < whole; i += 4) {
    const a = VALUES[input.charCodeAt(i)] ?? -1
    const b = VALUES[input.charCodeAt(i + 1)] ?? -1
    const c = VALUES[input.charCodeAt(i + 2)] ?? -1
    const d = VALUES[input.charCodeAt(i + 3)] ?? -1
    if ((a | b | c | d) < 0) return undefined
    const bits = (a << 18) | (b << 12) | (c << 6) | d
    out[written++] = bits >> 16
    out[written++] = (bits >> 8) & 0xff
    out[written++] = bits & 0xff
  }
  if (tail > 0) {
    const a = VALUES[input.charCodeAt(whole)] ?? -1
    const b = VALUES[input.charCodeAt(whole + 1)] ?? -1
    const c = tail === 3 ? (VALUES[input.charCodeAt(whole + 2)] ?? -1) : 0
    if ((a | b | c) < 0) return undefined
    const bits = (a << 18) | (b << 12) | (c << 6)
    out[written++] = bits >> 16
    if (tail === 3) out[written] = (bits >> 8) & 0xff
  }
  return out
}
