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
 * Compiles the declarative table once. A `{name}` parameter matches one path segment
 * without `/`; literal text (including the `:verb` custom methods such as `:enable`,
 * `users:count`, `organizations:external`) must match exactly. The first matching row
 * wins, so the table lists custom verbs before the generic `{id}` row.
 */
export function createRouter(routes: Route[]): (method: string, path: string) => RouteMatch {
  const compiled: CompiledRoute[] = routes.map((route) => {
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
