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
 * the user returns to must not). The rest of the query is kept as it was sent.
 */
export function pageTarget(url: string): string {
  // A path (even `//x`) is read as a path, never as a protocol-relative URL whose first
  // segment would become a host and vanish from the path the guards match.
  const parsed = new URL(url.startsWith('/') ? `http://n${url}` : url)
  return parsed.pathname + withoutRsc(parsed.search)
}

/** `search` less every `_rsc` parameter (however its name is encoded), the rest untouched. */
function withoutRsc(search: string): string {
  if (search === '') return search
  // Filtering the parameters as text rather than through `URLSearchParams` keeps the
  // query's own spelling and costs no re-serialisation on the proxy's path.
  const kept = search
    .slice(1)
    .split('&')
    .filter((param) => parameterName(param) !== '_rsc')
  return kept.length === 0 ? '' : `?${kept.join('&')}`
}

function parameterName(param: string): string {
  const eq = param.indexOf('=')
  const raw = eq === -1 ? param : param.slice(0, eq)
  if (!raw.includes('%') && !raw.includes('+')) return raw
  try {
    return decodeURIComponent(raw.replaceAll('+', ' '))
  } catch {
    return raw
  }
}

/**
 * The view of a route handler's own request for core's `authenticate` and `guard`: its
 * headers as they are, and its path and query (see {@link pageTarget}) worked out only
 * when read, which only a denial does (for `returnTo` and the API-by-path rule), so an
 * allowed request never parses its URL. A class, so the getter lives on the prototype
 * rather than on a fresh object shape per request.
 */
export class RouteHandlerView implements KitRequestLike {
  readonly method: string
  readonly headers: HeaderSource
  readonly #request: Request

  constructor(request: Request) {
    this.method = request.method
    this.headers = request.headers
    this.#request = request
  }

  get url(): string {
    return pageTarget(this.#request.url)
  }
}

/** The path part of a path-and-query target, with no URL parsing (`//x` stays a path). */
export function targetPath(target: string): string {
  const q = target.indexOf('?')
  return q === -1 ? target : target.slice(0, q)
}
