/**
 * A response the kit decided on, as plain data: what `KitRoutes.guard` answers when it
 * denies a request (302 to login, 401, 403). A Node adapter writes it in one go (status,
 * headers, the body string with its length); {@link toWebResponse} builds a Web
 * `Response` where one is wanted (Next.js, a custom integration).
 *
 * Why not a `Response`: building one makes a `Headers` object and a body stream, and a
 * Node adapter then drains that stream into the socket (chunked, one write per chunk).
 * On a denied request that was most of the kit's cost: a bare app sending the same 401
 * bytes from the same process used 0.45 x the kit's CPU per request on Express and 0.33 x
 * on Fastify; with plain replies, 0.93 x and 0.82 x (the `denied` rows of
 * docs/benchmarks.md measure it).
 *
 * @example
 * ```ts
 * const denied = routes.guard(view, auth, { kind: 'auth' })
 * if (denied) res.writeHead(denied.status, denied.headers.flat()).end(denied.body ?? undefined)
 * ```
 */
export interface KitReply {
  readonly status: number
  /**
   * Header name/value pairs in order, names in lower case. `set-cookie` may repeat (one
   * entry per cookie); every other name appears once.
   */
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>
  /** The body as text (its `content-type` is among the headers), or null for none. */
  readonly body: string | null
}

/**
 * The Web `Response` for a {@link KitReply}: same status, headers (each `Set-Cookie` kept
 * separate) and body.
 *
 * @example
 * ```ts
 * const denied = routes.guard(view, auth, { kind: 'auth' })
 * if (denied) return toWebResponse(denied)
 * ```
 */
export function toWebResponse(reply: KitReply): Response {
  const headers = new Headers()
  for (const [name, value] of reply.headers) headers.append(name, value)
  return new Response(reply.body, { status: reply.status, headers })
}
