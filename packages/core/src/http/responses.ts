/** Stable error JSON shape of every kit response: `{ error: { code, message } }`. */
export interface KitErrorBody {
  error: { code: string; message: string; missing?: string[] }
}

/**
 * Headers every kit response carries: auth responses are per-user and often set cookies,
 * so no shared cache may store them.
 */
function baseHeaders(setCookies: readonly string[], contentType?: string): Headers {
  const headers = new Headers({ 'cache-control': 'no-store' })
  if (contentType) headers.set('content-type', contentType)
  for (const cookie of setCookies) headers.append('set-cookie', cookie)
  return headers
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
  const headers = baseHeaders(setCookies)
  headers.set('location', location)
  return new Response(null, { status: 302, headers })
}

/** An empty response (e.g. 204 for a handled webhook). */
export function empty(status: number, setCookies: readonly string[] = []): Response {
  return new Response(null, { status, headers: baseHeaders(setCookies) })
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
  options: {
    setCookies?: readonly string[]
    headers?: Record<string, string>
    missing?: string[]
  } = {},
): Response {
  const headers = baseHeaders(options.setCookies ?? [], 'application/json; charset=utf-8')
  for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value)
  const body: KitErrorBody = { error: { code, message } }
  if (options.missing) body.error.missing = options.missing
  return new Response(JSON.stringify(body), { status, headers })
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
  const headers = baseHeaders(setCookies, 'text/html; charset=utf-8')
  headers.set('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
  headers.set('x-content-type-options', 'nosniff')
  const html =
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    `<title>${escapeHtml(title)}</title>` +
    '<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}</style>' +
    `</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>` +
    '<p><a href="/">Back to the home page</a></p></body></html>'
  return new Response(html, { status, headers })
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
  options: { setCookies?: readonly string[]; title?: string; missing?: string[] } = {},
): Response {
  if (api) return jsonError(status, code, message, options)
  return htmlError(status, options.title ?? 'Sign-in problem', message, options.setCookies ?? [])
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
