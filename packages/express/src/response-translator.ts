import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'

/**
 * Adds `Set-Cookie` values to a response, keeping every value already set (a refreshed
 * session from the read on the way in, the app's own cookies) as its own header line.
 *
 * @example
 * ```ts
 * appendSetCookies(res, ['kit_session.0=...; Path=/', 'kit_session.1=...; Path=/'])
 * ```
 */
export function appendSetCookies(res: ServerResponse, cookies: readonly string[]): void {
  if (cookies.length === 0) return
  const existing = res.getHeader('set-cookie')
  const previous =
    existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
  res.setHeader('set-cookie', [...previous, ...cookies])
}

/**
 * Adds the headers core asks for when the session changed (`responseHeaders` of an
 * authentication result: each `Set-Cookie`, then `Cache-Control: no-store`), keeping
 * cookies already set.
 *
 * @example
 * ```ts
 * appendResponseHeaders(res, (await routes.authenticate(view)).responseHeaders)
 * ```
 */
export function appendResponseHeaders(
  res: ServerResponse,
  headers: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [name, value] of headers) {
    if (name === 'set-cookie') appendSetCookies(res, [value])
    else res.setHeader(name, value)
  }
}

function clientGone(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ERR_STREAM_DESTROYED'
}

/**
 * Writes a Web `Response` from the kit's route engine to a Node/Express response: status,
 * every header (each `Set-Cookie` on its own line, after any already set), and the body
 * streamed with back-pressure rather than buffered. HEAD requests get headers only.
 * A client that disconnects mid-body cancels the stream quietly.
 *
 * @example
 * ```ts
 * const response = await routes.handle(request)
 * if (response) await sendWebResponse(res, response, req.method)
 * ```
 */
export async function sendWebResponse(
  res: ServerResponse,
  response: Response,
  method = 'GET',
): Promise<void> {
  res.statusCode = response.status
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue
    res.setHeader(name, value)
  }
  appendSetCookies(res, response.headers.getSetCookie())

  const body = response.body
  if (body === null || method.toUpperCase() === 'HEAD') {
    if (body !== null) await body.cancel().catch(() => undefined)
    res.end()
    return
  }
  try {
    await pipeline(Readable.fromWeb(body as unknown as NodeReadableStream<Uint8Array>), res)
  } catch (err) {
    if (!clientGone(err)) throw err
  }
}
