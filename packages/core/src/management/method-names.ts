// fillPath knows a parameter's name and route but not which public method the caller
// used; this wrapper adds it, once for every method of a namespace, so an argument error
// reads `permissions.removePermissionFromRole: roleName is ".."...` rather than naming
// only a route.
import { KitInvalidArgumentError } from './errors.js'

/**
 * Returns a copy of a resource group whose methods attribute `KitInvalidArgumentError`s
 * to `<group>.<method>`. Methods stay plain closures (safe to pass unbound to `paginate`).
 */
export function withMethodNames<T extends object>(group: string, api: T): T {
  const named: Record<string, unknown> = { ...(api as Record<string, unknown>) }
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'function') continue
    const method = `${group}.${key}`
    const attribute = (err: unknown): unknown =>
      err instanceof KitInvalidArgumentError && err.method === undefined
        ? err.inMethod(method)
        : err
    named[key] = (...args: unknown[]): unknown => {
      try {
        const result: unknown = value(...args)
        return result instanceof Promise
          ? result.catch((err: unknown) => {
              throw attribute(err)
            })
          : result
      } catch (err) {
        throw attribute(err)
      }
    }
  }
  return named as T
}
