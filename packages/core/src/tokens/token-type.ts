// RFC 8725 section 3.11: the `typ` header tells token kinds apart (`at+jwt` access
// tokens, `logout+jwt`, plain `JWT` ID tokens). jose compares it when it verifies; a
// cached verification is re-checked here by the same rule.

/** `typ` as a full media type, lower-cased: `at+jwt` -> `application/at+jwt` (RFC 7515 4.1.9). */
function mediaType(value: string): string {
  const lower = value.toLowerCase()
  return value.includes('/') ? lower : `application/${lower}`
}

/**
 * Whether a token's `typ` header names the expected type, compared as jose does (case
 * insensitive, `application/` prefix optional). A missing or non-string `typ` never
 * matches.
 *
 * @example
 * ```ts
 * sameTokenType('AT+JWT', 'application/at+jwt') // true
 * ```
 */
export function sameTokenType(typ: unknown, expected: string): boolean {
  return typeof typ === 'string' && mediaType(typ) === mediaType(expected)
}
