// The issuer a token must name comes from discovery: a promise on the first call, the
// same string ever after. Awaiting an already settled promise still costs a turn of the
// microtask queue on every token; this hands out the plain value once it is known.

/**
 * Wraps an async loader whose result never changes once it succeeds: calls before that
 * get its promise (a failure is not remembered, so the next call retries), calls after
 * get the value itself.
 *
 * @example
 * ```ts
 * const issuer = resolvedOnce(() => kit.getIssuer())
 * const value = issuer()
 * const iss = typeof value === 'string' ? value : await value
 * ```
 */
export function resolvedOnce<T>(load: () => Promise<T>): () => T | Promise<T> {
  let settled = false
  let value: T
  return () => {
    if (settled) return value
    return load().then((loaded) => {
      value = loaded
      settled = true
      return loaded
    })
  }
}
