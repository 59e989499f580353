import type { IncomingMessage } from 'node:http'

/**
 * Why a request comes from a page of another origin, or null when it does not. Browsers
 * send `Sec-Fetch-Site` and, on every POST, `Origin`; a request with neither comes from a
 * program (curl, Node's fetch, a test), not from a page. "Same site" is not enough: an
 * app on `localhost:3000` is the same site as an emulator on `localhost:4000`, and a page
 * of that app (or of any other local server) must not drive the emulator either.
 *
 * `Origin: null` is refused (sandboxed frames, `file:` pages, data URLs send it) except
 * with `Sec-Fetch-Site: same-origin`, which pages cannot forge: a browser also sends
 * `null` for a form posted by a page served with `Referrer-Policy: no-referrer`.
 */
export function crossOriginReason(req: IncomingMessage): string | null {
  const fetchSite = header(req, 'sec-fetch-site')
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none')
    return `Sec-Fetch-Site is ${fetchSite}`
  const origin = header(req, 'origin')
  if (origin === undefined) return null
  if (origin === 'null') return fetchSite === 'same-origin' ? null : 'Origin is null'
  if (!sameHost(origin, header(req, 'host'))) return `Origin ${origin} is not this emulator`
  return null
}

/** An `Origin` names this server when its host (name and port) is the request's `Host`. */
function sameHost(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false
  try {
    return new URL(origin).host === new URL(`http://${host}`).host
  } catch {
    return false
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}
