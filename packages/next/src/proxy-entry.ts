/**
 * `@kit/next/proxy`: the proxy alone, for a `proxy.ts` / `middleware.ts` that should not
 * bundle the server helpers (and with them `next/headers` and `next/navigation`). Next
 * compiles the proxy as its own bundle, so it never shares a module instance with the
 * pages anyway: nothing is lost by building it from the same options here.
 *
 * @example
 * ```ts
 * // middleware.ts (Next 15, edge runtime)
 * import { createKitProxy } from '@kit/next/proxy'
 * import { kitOptions } from './lib/kit-options'
 * export default createKitProxy(kitOptions, { protect: ['/dashboard/:path*'], api: ['/api/:path*'] })
 * ```
 *
 * @packageDocumentation
 */
import type { KitNextOptions } from './create-kit-next.js'
import { createKitContext } from './kit-context.js'
import { createProxy, type KitProxy, type KitProxyOptions } from './proxy.js'

export type { KitProxy, KitProxyOptions } from './proxy.js'

/**
 * Builds the proxy from the kit's options (the same object `createKitNext` takes; its
 * `forbiddenPath` keeps the proxy off the 403 page). Options are checked as in
 * `createKitNext`: at creation, or on the first request during `next build`.
 *
 * @example
 * ```ts
 * export default createKitProxy({ apiPrefixes: ['/api/'] }, { protect: ['/admin/:path*'] })
 * ```
 */
export function createKitProxy(options: KitNextOptions, proxyOptions?: KitProxyOptions): KitProxy {
  const { forbiddenPath = '/auth/forbidden', serverContext: _unused, ...config } = options
  return createProxy(createKitContext(config, process.env, forbiddenPath), proxyOptions)
}
