import type { KitReply } from '@kit/core'
import type { FastifyReply } from 'fastify'

/**
 * Adds `Set-Cookie` values to a reply; Fastify keeps each one (and any set before, e.g.
 * a refreshed session) as its own header line.
 *
 * @example
 * ```ts
 * appendSetCookies(reply, setCookies)
 * ```
 */
export function appendSetCookies(reply: FastifyReply, cookies: readonly string[]): void {
  for (const cookie of cookies) reply.header('set-cookie', cookie)
}

/**
 * Adds the headers core asks for when the session changed (`responseHeaders` of an
 * authentication result: each `Set-Cookie`, then `Cache-Control: no-store`); Fastify
 * appends every `set-cookie` and sets the others.
 *
 * @example
 * ```ts
 * appendResponseHeaders(reply, (await routes.authenticate(view)).responseHeaders)
 * ```
 */
export function appendResponseHeaders(
  reply: FastifyReply,
  headers: ReadonlyArray<readonly [string, string]>,
): void {
  for (const [name, value] of headers) reply.header(name, value)
}

/**
 * Sends a Web `Response` from the kit's route engine through a Fastify reply: status,
 * headers (each `Set-Cookie` separately), and the body as a stream (never buffered
 * here), so Fastify's own hooks (`onSend`, `onResponse`) still run. Return its result
 * from an async handler or hook.
 *
 * @example
 * ```ts
 * app.get('/x', async (request, reply) => sendWebResponse(reply, new Response('hi')))
 * ```
 */
export function sendWebResponse(reply: FastifyReply, response: Response): FastifyReply {
  reply.code(response.status)
  for (const [name, value] of response.headers) {
    if (name === 'set-cookie') continue
    reply.header(name, value)
  }
  appendSetCookies(reply, response.headers.getSetCookie())
  return reply.send(response.body ?? undefined)
}

/**
 * Sends a kit reply (a guard's denial) through a Fastify reply: status, headers (each
 * `Set-Cookie` separately) and the body string, which Fastify sends as it is with its
 * length, its own hooks (`onSend`, `onResponse`) still running. No stream: see
 * `KitReply` in `@kit/core`.
 *
 * @example
 * ```ts
 * const denied = routes.guard(view, auth, { kind: 'auth' })
 * if (denied) return sendKitReply(reply, denied)
 * ```
 */
export function sendKitReply(reply: FastifyReply, kitReply: KitReply): FastifyReply {
  reply.code(kitReply.status)
  for (const [name, value] of kitReply.headers) reply.header(name, value)
  return reply.send(kitReply.body ?? undefined)
}
