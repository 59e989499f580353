import type { ParsedSetCookie } from './set-cookie.js'
import type { HeaderSource } from './views.js'

/** The cookie store of Next's `cookies()`, as far as the kit uses it. */
export interface CookieStore {
  getAll(): Array<{ name: string; value: string }>
  set(name: string, value: string, options?: Omit<ParsedSetCookie, 'name' | 'value'>): unknown
}

/** Next's `next/navigation` control flow the server helpers use. */
export interface Navigation {
  redirect(url: string): never
  forbidden(): never
  unstable_rethrow(error: unknown): void
}

/**
 * What the server helpers read from Next for the current request: the headers and
 * cookies of `headers()` / `cookies()` (awaited, as Next 15+ expects) and the
 * navigation functions. One place, imported lazily, so nothing that runs in the proxy
 * (or a Pages Router page) loads `next/headers`.
 */
export interface ServerContext {
  headers: HeaderSource
  cookies: CookieStore
  navigation: Navigation
}

/** Loads the {@link ServerContext} of the request being rendered. */
export type ServerContextLoader = () => Promise<ServerContext>

/** Next's modules, imported once, on the first call (never where the proxy runs). */
let nextModules:
  | Promise<[typeof import('next/headers'), typeof import('next/navigation')]>
  | undefined

/**
 * The real loader: `await headers()` and `await cookies()` from `next/headers`, and
 * `next/navigation`, imported on first use and kept, so later calls only await what is
 * per request.
 */
export const loadNextContext: ServerContextLoader = async () => {
  nextModules ??= Promise.all([import('next/headers'), import('next/navigation')])
  const [{ cookies, headers }, navigation] = await nextModules
  const [headerList, cookieStore] = await Promise.all([headers(), cookies()])
  return { headers: headerList, cookies: cookieStore, navigation }
}
