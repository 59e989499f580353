/**
 * The one email check of the emulator (login pages, management API). The pattern used to
 * be `[^@]+@[^@]+\.[^@]+`: both sides of the `\.` could take a dot, so a long value
 * without a match made the regex engine try every split, quadratic in the length (40,000
 * characters blocked the event loop for about 2 s). Here a domain label cannot contain a
 * dot, so there is exactly one way to match and the work is linear; the length is checked
 * before the pattern anyway.
 */

/** Longest email address there is: a forward path of 256 octets minus the angle brackets (RFC 5321). */
export const EMAIL_MAX_LENGTH = 254

/**
 * `local@label.label...`: no whitespace, no second `@`, none of the characters that need
 * quoting in an address (`<>()",;:`), at least two non-empty domain labels. Linear: each
 * character class excludes the separator that follows it.
 */
export const EMAIL_PATTERN = /^[^\s@<>()",;:]+@[^\s@<>()",;:.]+(?:\.[^\s@<>()",;:.]+)+$/

/** Why a value is not an email address, or null when it is one. */
export function emailProblem(value: string): 'too_long' | 'invalid' | null {
  if (value.length > EMAIL_MAX_LENGTH) return 'too_long'
  return EMAIL_PATTERN.test(value) ? null : 'invalid'
}

/** True for an email address of at most {@link EMAIL_MAX_LENGTH} characters. */
export function isEmailAddress(value: string): boolean {
  return emailProblem(value) === null
}
