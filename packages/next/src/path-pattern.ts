import { KitError } from '@kit/core'

/** One segment of a compiled pattern: a literal, or a named parameter with its modifier. */
type Token = { literal: string } | { modifier: '' | '?' | '*' | '+' }

const PARAM = /^:[A-Za-z_][A-Za-z0-9_]*([?*+]?)$/

/**
 * The segments of a path as the kit compares them: empty segments dropped (so `//admin`
 * and `/admin/` are `/admin`), each percent-decoded (`/%61dmin`), `;params` cut off and
 * lower-cased. Comparing this loosely can only protect more than the router serves,
 * never less: every spelling a router might send to a protected page meets the guard.
 */
export function pathSegments(pathname: string): string[] {
  const out: string[] = []
  for (const raw of pathname.split('/')) {
    let segment = raw
    if (raw.includes('%')) {
      try {
        segment = decodeURIComponent(raw)
      } catch {
        // Not valid percent-encoding: compare the raw text.
      }
    }
    const semicolon = segment.indexOf(';')
    if (semicolon !== -1) segment = segment.slice(0, semicolon)
    if (segment !== '') out.push(segment.toLowerCase())
  }
  return out
}

function compile(pattern: unknown, option: string): Token[] {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      `${option} entries must be path patterns like "/dashboard/:path*" (got ${JSON.stringify(pattern)})`,
    )
  }
  return pattern
    .split('/')
    .filter((s) => s !== '')
    .map((segment): Token => {
      if (segment.startsWith(':')) {
        const match = PARAM.exec(segment)
        if (!match) {
          throw new KitError(
            'ERR_KIT_CONFIG',
            `${option}: "${pattern}" has an unsupported parameter "${segment}"; use :name, :name?, :name* or :name+`,
          )
        }
        return { modifier: match[1] as '' | '?' | '*' | '+' }
      }
      if (/[()[\]{}*?+]/.test(segment)) {
        throw new KitError(
          'ERR_KIT_CONFIG',
          `${option}: "${pattern}" uses regular-expression syntax; use :name, :name?, :name* or :name+`,
        )
      }
      return { literal: pathSegments(segment)[0] ?? '' }
    })
}

function matches(
  tokens: readonly Token[],
  i: number,
  segments: readonly string[],
  j: number,
): boolean {
  if (i === tokens.length) return j === segments.length
  const token = tokens[i]!
  if ('literal' in token) {
    return segments[j] === token.literal && matches(tokens, i + 1, segments, j + 1)
  }
  const min = token.modifier === '' || token.modifier === '+' ? 1 : 0
  const max = token.modifier === '' || token.modifier === '?' ? 1 : segments.length - j
  for (let n = min; n <= max && j + n <= segments.length; n++) {
    if (matches(tokens, i + 1, segments, j + n)) return true
  }
  return false
}

/**
 * Compiles path patterns in the syntax of Next's `matcher` (`/dashboard/:path*`,
 * `/orgs/:id`, `/admin/:rest+`, `/docs/:page?`) into one test over the
 * {@link pathSegments} of a path, so a caller with several lists splits the path once.
 * Null when there are no patterns (nothing to split for). Bad patterns throw
 * `ERR_KIT_CONFIG` naming `option`.
 *
 * @example
 * ```ts
 * const isProtected = segmentsMatcher(['/dashboard/:path*'], 'proxy({ protect })')
 * isProtected?.(pathSegments('/Dashboard/')) // true
 * ```
 */
export function segmentsMatcher(
  patterns: readonly string[] | undefined,
  option: string,
): ((segments: readonly string[]) => boolean) | null {
  if (patterns === undefined) return null
  if (!Array.isArray(patterns)) {
    throw new KitError('ERR_KIT_CONFIG', `${option} must be an array of path patterns`)
  }
  const compiled = patterns.map((p) => compile(p, option))
  if (compiled.length === 0) return null
  return (segments) => compiled.some((tokens) => matches(tokens, 0, segments, 0))
}

/**
 * {@link segmentsMatcher} over a pathname.
 *
 * @example
 * ```ts
 * const isProtected = pathMatcher(['/dashboard/:path*'], 'proxy({ protect })')
 * isProtected('/Dashboard/') // true
 * ```
 */
export function pathMatcher(
  patterns: readonly string[] | undefined,
  option: string,
): (pathname: string) => boolean {
  const test = segmentsMatcher(patterns, option)
  return test === null ? () => false : (pathname) => test(pathSegments(pathname))
}
