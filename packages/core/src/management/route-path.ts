// Every management call builds its path here, so this is where a caller's id is kept
// inside its own path segment. encodeURIComponent escapes `/`, `?`, `#` and `%`, but
// leaves `.` alone, and URL parsing folds the dot segments `.` and `..` into the path:
// `removePermissionFromRole('..', 'projects:write')` would otherwise send
// `DELETE /api/v1/permissions/projects:write` and delete the permission for the whole
// environment. After encoding, `.` and `..` are the only values URL parsing rewrites
// (`%2e` becomes `%252e`), so refusing them, plus values that cannot be an id at all,
// keeps every call on the route its method names.
import { KitInvalidArgumentError } from './errors.js'

/** One path parameter, written as `${{ roleName }}` so its name reaches error messages. */
export type PathParameter = Readonly<Record<string, string>>

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
 * Builds a path from a template's literal parts and its named parameters, refusing any
 * parameter that would change the route (see the file header) with a
 * `KitInvalidArgumentError` before anything is sent. Each value is percent-encoded, so
 * an id like `a/b` or `../x` stays one segment.
 *
 * @example
 * ```ts
 * pathFor`/api/v1/roles/${{ roleName }}/permissions/${{ permissionName }}`
 * ```
 */
export function pathFor(parts: TemplateStringsArray, ...params: PathParameter[]): string {
  const names = params.map((param) => Object.keys(param)[0] ?? '?')
  const route = parts.reduce((out, part, i) => out + (i > 0 ? `{${names[i - 1]}}` : '') + part, '')
  let out = parts[0] ?? ''
  params.forEach((param, i) => {
    const parameter = names[i] ?? '?'
    const value: unknown = param[parameter]
    const problem = problemWith(value)
    if (problem !== undefined) {
      throw new KitInvalidArgumentError({ parameter, value, route, problem })
    }
    let encoded: string
    try {
      encoded = encodeURIComponent(value as string)
    } catch {
      // URIError: a lone UTF-16 surrogate has no UTF-8 form to percent-encode.
      throw new KitInvalidArgumentError({
        parameter,
        value,
        route,
        problem: 'is not well-formed Unicode (it holds a lone surrogate)',
      })
    }
    out += encoded + (parts[i + 1] ?? '')
  })
  return out
}
