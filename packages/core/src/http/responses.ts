import { type KitReply, toWebResponse } from './reply.js'

/** Stable error JSON shape of every kit response: `{ error: { code, message } }`. */
export interface KitErrorBody {
  error: { code: string; message: string; missing?: string[] }
}

type HeaderList = Array<readonly [name: string, value: string]>

/**
 * Headers every kit response carries: auth responses are per-user and often set cookies,
 * so no shared cache may store them.
 */
function baseHeaders(setCookies: readonly string[], contentType?: string): HeaderList {
  const headers: HeaderList = [['cache-control', 'no-store']]
  if (contentType) headers.push(['content-type', contentType])
  for (const cookie of setCookies) headers.push(['set-cookie', cookie])
  return headers
}

/** Sets a (non-cookie) header: replaces an entry of the same name, or adds one. */
function setHeader(headers: HeaderList, name: string, value: string): void {
  const key = name.toLowerCase()
  const at = headers.findIndex(([existing]) => existing === key)
  if (at === -1) headers.push([key, value])
  else headers[at] = [key, value]
}

/**
 * A 302 redirect to an absolute URL, with cookies, as a {@link KitReply}.
 *
 * @example
 * ```ts
 * return redirectReply('https://app.example.com/auth/login?returnTo=%2Fadmin')
 * ```
 */
export function redirectReply(location: string, setCookies: readonly string[] = []): KitReply {
  const headers = baseHeaders(setCookies)
  headers.push(['location', location])
  return { status: 302, headers, body: null }
}

/**
 * A 302 redirect to an absolute URL, with cookies.
 *
 * @example
 * ```ts
 * return redirect('https://app.example.com/', setCookies)
 * ```
 */
export function redirect(location: string, setCookies: readonly string[] = []): Response {
  return toWebResponse(redirectReply(location, setCookies))
}

/** An empty response (e.g. 204 for a handled webhook). */
export function empty(status: number, setCookies: readonly string[] = []): Response {
  return toWebResponse({ status, headers: baseHeaders(setCookies), body: null })
}

/** What {@link jsonErrorReply} and {@link jsonError} accept besides status, code and message. */
export interface JsonErrorOptions {
  setCookies?: readonly string[]
  /** Extra headers; each replaces a default of the same name. */
  headers?: Record<string, string>
  missing?: string[]
}

/**
 * An error as JSON in the kit's stable shape, as a {@link KitReply}.
 *
 * @example
 * ```ts
 * jsonErrorReply(401, 'unauthenticated', 'Sign in to access this resource')
 * ```
 */
export function jsonErrorReply(
  status: number,
  code: string,
  message: string,
  options: JsonErrorOptions = {},
): KitReply {
  const headers = baseHeaders(options.setCookies ?? [], 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    setHeader(headers, name, value)
  }
  const body: KitErrorBody = { error: { code, message } }
  if (options.missing) body.error.missing = options.missing
  return { status, headers, body: JSON.stringify(body) }
}

/**
 * An error as JSON in the kit's stable shape.
 *
 * @example
 * ```ts
 * jsonError(401, 'unauthenticated', 'Sign in to access this resource')
 * ```
 */
export function jsonError(
  status: number,
  code: string,
  message: string,
  options: JsonErrorOptions = {},
): Response {
  return toWebResponse(jsonErrorReply(status, code, message, options))
}

/**
 * A minimal HTML error page as a {@link KitReply}; title and message are escaped, so an
 * `error_description` carrying markup is shown as text, never executed.
 *
 * @example
 * ```ts
 * htmlErrorReply(403, 'Access denied', 'Missing permission: org:manage')
 * ```
 */
export function htmlErrorReply(
  status: number,
  title: string,
  message: string,
  setCookies: readonly string[] = [],
): KitReply {
  const headers = baseHeaders(setCookies, 'text/html; charset=utf-8')
  headers.push(['content-security-policy', "default-src 'none'; style-src 'unsafe-inline'"])
  headers.push(['x-content-type-options', 'nosniff'])
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style>' +
    `</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
    '<p><a href="/">Back to the home page</a></p></body></html>'
  return { status, headers, body: html }
}

/**
 * A minimal HTML error page; title and message are escaped, so an `error_description`
 * carrying markup is shown as text, never executed.
 */
export function htmlError(
  status: number,
  title: string,
  message: string,
  setCookies: readonly string[] = [],
): Response {
  return toWebResponse(htmlErrorReply(status, title, message, setCookies))
}

/** What {@link errorReply} and {@link errorResponse} accept besides status, code and message. */
export interface ErrorResponseOptions {
  setCookies?: readonly string[]
  /** The HTML page's title (default "Sign-in problem"). */
  title?: string
  missing?: string[]
}

/**
 * The error as JSON for API clients, as an HTML page for browsers (escaped), both with
 * `Cache-Control: no-store`; as a {@link KitReply}.
 *
 * @example
 * ```ts
 * errorReply(true, 403, 'insufficient_role', 'Requires one of the roles: admin')
 * ```
 */
export function errorReply(
  api: boolean,
  status: number,
  code: string,
  message: string,
  options: ErrorResponseOptions = {},
): KitReply {
  if (api) return jsonErrorReply(status, code, message, options)
  const title = options.title ?? 'Sign-in problem'
  return htmlErrorReply(status, title, message, options.setCookies ?? [])
}

/**
 * The error as JSON for API clients, as an HTML page for browsers (escaped), both with
 * `Cache-Control: no-store`.
 *
 * @example
 * ```ts
 * errorResponse(false, 403, 'insufficient_permission', 'Missing permission: org:manage', { title: 'Access denied' })
 * ```
 */
export function errorResponse(
  api: boolean,
  status: number,
  code: string,
  message: string,
  options: ErrorResponseOptions = {},
): Response {
  return toWebResponse(errorReply(api, status, code, message, options))
}

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}
