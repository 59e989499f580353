import { isPlainTarget } from './plain-target.js'
import type { KitRequestLike } from './types.js'

/**
 * Whether a request comes from an API client rather than a browser navigation, which
 * decides between a login redirect and a 401 JSON body. API: an `Authorization` header,
 * a path under a configured API prefix, an `Accept` header asking for JSON without HTML,
 * or fetch metadata saying it is not a navigation (`Sec-Fetch-Mode` other than
 * `navigate`). Without fetch metadata, a method other than GET/HEAD counts as API.
 *
 * @example
 * ```ts
 * isApiRequest(req, '/api/projects', ['/api/']) // true
 * ```
 */
export function isApiRequest(
  req: KitRequestLike,
  pathname: string,
  apiPrefixes: readonly string[],
): boolean {
  return headersSayApi(req) || restSaysApi(req, pathname, apiPrefixes)
}

/**
 * The rest of {@link isApiRequest}, for a request whose headers did not already say API
 * ({@link headersSayApi} false): its path, then fetch metadata, then its method.
 *
 * @example
 * ```ts
 * headersSayApi(req) || restSaysApi(req, '/api/projects', ['/api/']) // isApiRequest
 * ```
 */
export function restSaysApi(
  req: KitRequestLike,
  pathname: string,
  apiPrefixes: readonly string[],
): boolean {
  if (apiPrefixes.some((prefix) => pathname.startsWith(prefix))) return true
  const mode = req.headers.get('sec-fetch-mode')
  if (mode !== null) return mode.trim().toLowerCase() !== 'navigate'
  const method = req.method.toUpperCase()
  return method !== 'GET' && method !== 'HEAD'
}

/**
 * The part of {@link isApiRequest} that needs no URL: an `Authorization` header, or an
 * `Accept` asking for JSON without HTML. True settles it; false leaves the API prefixes,
 * fetch metadata and method to decide ({@link restSaysApi}). The guard asks this first,
 * so an API client's denial never parses the request URL.
 *
 * @example
 * ```ts
 * headersSayApi(req) // true for `Accept: application/json`
 * ```
 */
export function headersSayApi(req: KitRequestLike): boolean {
  return req.headers.get('authorization') !== null || acceptsJsonOnly(req.headers.get('accept'))
}

/** `Accept` lists JSON and not HTML (a fetch/XHR client rather than a page load). */
export function acceptsJsonOnly(accept: string | null): boolean {
  if (!accept) return false
  const value = accept.toLowerCase()
  return (
    (value.includes('application/json') || value.includes('+json')) && !value.includes('text/html')
  )
}

/**
 * Path and query of a request URL, interpreted against the app origin so an absolute URL
 * with a forged host contributes only its path.
 */
export function requestTarget(url: string, origin: string): URL {
  try {
    // A path (even `//x`) is appended to the origin, never parsed as protocol-relative.
    const parsed = url.startsWith('/') ? new URL(origin + url) : new URL(url)
    const own = origin + parsed.pathname + parsed.search
    // Usually already exactly that (the adapters build `url` from the origin): no second parse.
    return parsed.href === own ? parsed : new URL(own)
  } catch {
    return new URL('/', origin)
  }
}

/**
 * The path and query of a request URL as {@link requestTarget} reads them
 * (`pathname + search`), without parsing when the URL is on the app's origin and its
 * target is plain (see `isPlainTarget`: then the parser would return it unchanged).
 *
 * @example
 * ```ts
 * requestPathAndQuery('https://app.example.com/admin?tab=1', 'https://app.example.com') // '/admin?tab=1'
 * ```
 */
export function requestPathAndQuery(url: string, origin: string): string {
  if (url.startsWith(origin) && url.charCodeAt(origin.length) === 0x2f /* / */) {
    const rest = url.slice(origin.length)
    if (isPlainTarget(rest)) return rest
  }
  const target = requestTarget(url, origin)
  return target.pathname + target.search
}
