import type { Route } from './call.js'
import { ApiError } from './errors.js'

interface CompiledRoute {
  route: Route
  regex: RegExp
  names: string[]
}

/** Result of matching a request against the table. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' }

/**
 * How specific each segment of a pattern is: literal text (2) beats a parameter joined to
 * literal text such as `{connection_id}:enable` (1), which beats a bare parameter (0).
 */
function specificity(pattern: string): number[] {
  return pattern
    .split('/')
    .map((segment) => (!segment.includes('{') ? 2 : /^\{[a-z_]+\}$/.test(segment) ? 0 : 1))
}

/** Orders routes so that, segment by segment, the more specific one is tried first. */
function bySpecificity(a: Route, b: Route): number {
  const sa = specificity(a.pattern)
  const sb = specificity(b.pattern)
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const diff = (sb[i] as number) - (sa[i] as number)
    if (diff !== 0) return diff
  }
  return 0
}

/**
 * Compiles the table once. A `{name}` parameter matches one path segment without `/`;
 * literal text (including the `:verb` custom methods such as `:enable`, `users:count`,
 * `organizations:external`) must match exactly. The first matching route wins, and the
 * routes are tried most specific first (`/connections/app` before `/connections/{id}`,
 * `{id}:enable` before `{id}`), an order derived here rather than kept by hand.
 */
export function createRouter(routes: Route[]): (method: string, path: string) => RouteMatch {
  const compiled: CompiledRoute[] = [...routes].sort(bySpecificity).map((route) => {
    const names: string[] = []
    const source = route.pattern
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        const m = /^\{([a-z_]+)\}$/.exec(part)
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        names.push(m[1] as string)
        return '([^/]+?)'
      })
      .join('')
    return { route, regex: new RegExp(`^${source}$`), names }
  })
  return (method, path) => {
    const allowed: string[] = []
    for (const c of compiled) {
      const m = c.regex.exec(path)
      if (!m) continue
      if (c.route.method !== method) {
        allowed.push(c.route.method)
        continue
      }
      const params: Record<string, string> = {}
      c.names.forEach((name, i) => {
        params[name] = decodeSegment(m[i + 1] as string)
      })
      return { kind: 'found', route: c.route, params }
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' }
  }
}

function decodeSegment(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new ApiError(
      400,
      'INVALID_ARGUMENT',
      `path segment '${value}' is not valid percent-encoding`,
    )
  }
}
