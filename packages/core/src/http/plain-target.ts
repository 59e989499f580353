/**
 * A path (and query) made only of characters the WHATWG URL parser keeps as they are, in
 * segments it does not rewrite: no percent escapes, no dot segments (`.`, `..`, or any
 * segment starting with a dot, to keep the rule simple), no `//` at the start, no
 * backslash, control character, space, quote, `<`, `>`, `` ` ``, `{`, `}`, `^`, `|` or
 * fragment, and no empty query. Such a string is already what `new URL(value, origin)`
 * would give back as `pathname + search`, and decodes to itself.
 *
 * Lets the browser's redirect to login (the guard's 302) skip two URL parses and a
 * decode for the targets it nearly always sees (`/dashboard?tab=2`); anything else takes
 * the full path through the parser, so this is a shortcut to the same answer, never a
 * second rule.
 */
const PLAIN_TARGET = /^(?!\/\/)(?:\/(?!\.)[\w\-.~!$&()*+,;=:@]*)+(?:\?[\w\-.~!$&()*+,;=:@/?]+)?$/

/**
 * Whether `value` is a plain same-origin target (see above): true means it is its own
 * normalisation, safe to use as a `returnTo` without parsing.
 *
 * @example
 * ```ts
 * isPlainTarget('/projects/42?tab=settings') // true
 * isPlainTarget('/a/../b')                   // false: the parser would rewrite it
 * ```
 */
export function isPlainTarget(value: string): boolean {
  return PLAIN_TARGET.test(value)
}
