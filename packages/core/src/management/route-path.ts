// Every management call builds its path here, so this is where a caller's id is kept
// inside its own path segment. encodeURIComponent escapes `/`, `?`, `#` and `%`, but
// leaves `.` alone, and URL parsing folds the dot segments `.` and `..` into the path:
// `removePermissionFromRole('..', 'projects:write')` would otherwise send
// `DELETE /api/v1/permissions/projects:write` and delete the permission for the whole
// environment. After encoding, `.` and `..` are the only values URL parsing rewrites
// (`%2e` becomes `%252e`), so refusing them, plus values that cannot be an id at all,
// keeps every call on the route its method names.
import { KitInvalidArgumentError } from './errors.js'
import { toCamelKey } from './wire-case.js'

/** Why `value` cannot be a path segment, or undefined when it can. */
function problemWith(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `must be a string, got ${value === null ? 'null' : typeof value}`
  }
  if (value === '') return 'is empty'
  if (value === '.' || value === '..') {
    return `is "${value}", a dot segment that URL parsing removes, which would send the call to another route`
  }
  if (value.trim() === '') return `is only whitespace (${JSON.stringify(value)})`
  return undefined
}

/**
 * Fills a route template's `{snake_name}` parameters, refusing any value that would
 * change the route (see the file header) with a `KitInvalidArgumentError` before anything
 * is sent; the error names the parameter as the method's argument (`roleName`). Each value
 * is percent-encoded, so an id like `a/b` or `../x` stays one segment.
 *
 * @example
 * ```ts
 * fillPath('/api/v1/roles/{role_name}/permissions', { role_name: 'viewer' })
 * // '/api/v1/roles/viewer/permissions'
 * ```
 */
export function fillPath(template: string, params: Readonly<Record<string, unknown>>): string {
  const route = template.replace(/\{([a-z_]+)\}/g, (_, name: string) => `{${toCamelKey(name)}}`)
  return template.replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const parameter = toCamelKey(name)
    const value: unknown = params[name]
    const problem = problemWith(value)
    if (problem !== undefined) {
      throw new KitInvalidArgumentError({ parameter, value, route, problem })
    }
    try {
      return encodeURIComponent(value as string)
    } catch {
      // URIError: a lone UTF-16 surrogate has no UTF-8 form to percent-encode.
      throw new KitInvalidArgumentError({
        parameter,
        value,
        route,
        problem: 'is not well-formed Unicode (it holds a lone surrogate)',
      })
    }
  })
}
