import type { KitRequestLike } from '@kit/core'

/** How a guard should answer a request: by its headers, as a page, or as an API call. */
export type RequestKind = 'auto' | 'page' | 'api'

/** Anything with a header getter: Web `Headers`, Next's `ReadonlyHeaders`. */
export interface HeaderSource {
  get(name: string): string | null
}

/**
 * The body-less view of a request that core's `authenticate` and `guard` take. `kind`
 * states what the app declared about the path (a `protect` page or an `api` path in the
 * proxy), which decides between a login redirect and a 401: a page view reads as a
 * browser navigation, an API view as a JSON client. An `Authorization` header is always
 * an API call (core's rule), whatever the kind. `cookie` replaces the request's own
 * cookie header when given (the cookies as Next's `cookies()` sees them).
 */
export function requestView(
  method: string,
  target: string,
  headers: HeaderSource,
  kind: RequestKind = 'auto',
  cookie?: string,
): KitRequestLike {
  return {
    method,
    url: target,
    headers: {
      get(name: string): string | null {
        const key = name.toLowerCase()
        if (key === 'cookie' && cookie !== undefined) return cookie
        if (kind === 'api' && key === 'accept') return 'application/json'
        if (kind === 'page' && key === 'accept') return 'text/html'
        if (kind === 'page' && key === 'sec-fetch-mode') return 'navigate'
        return headers.get(name)
      },
    },
  }
}

/**
 * The path and query of a URL as the kit's `returnTo`, without Next's internal
 * `_rsc` cache-busting parameter (a client-side navigation's fetch carries it; the page
 * the user returns to must not).
 */
export function pageTarget(url: string): string {
  // A path (even `//x`) is read as a path, never as a protocol-relative URL whose first
  // segment would become a host and vanish from the path the guards match.
  const parsed = new URL(url.startsWith('/') ? `http://n${url}` : url)
  parsed.searchParams.delete('_rsc')
  return parsed.pathname + parsed.search
}

/** The path part of a path-and-query target, with no URL parsing (`//x` stays a path). */
export function targetPath(target: string): string {
  const q = target.indexOf('?')
  return q === -1 ? target : target.slice(0, q)
}
