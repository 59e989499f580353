import type { ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { KitReply } from '@kit/core'

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

/**
 * Writes a kit reply (a guard's denial) to a Node/Express response in one call: status,
 * its headers (each `Set-Cookie` after any already set, the others replacing), and the
 * body string, whose `Content-Length` Node sets. No stream, no chunked encoding: see
 * `KitReply` in `@kit/core`. A HEAD request gets the headers only (Node drops the body).
 *
 * @example
 * ```ts
 * const denied = routes.guard(view, auth, { kind: 'auth' })
 * if (denied) sendKitReply(res, denied)
 * ```
 */
export function sendKitReply(res: ServerResponse, reply: KitReply): void {
  res.statusCode = reply.status
  const cookies: string[] = []
  for (const [name, value] of reply.headers) {
    if (name === 'set-cookie') cookies.push(value)
    else res.setHeader(name, value)
  }
  appendSetCookies(res, cookies)
  res.end(reply.body ?? undefined)
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
