import type { KitRequestLike } from '@kit/core'
import { nodeRequestLike, nodeRequestTarget, nodeWebRequest } from '@kit/core/node'
import type { FastifyRequest } from 'fastify'

/**
 * The path and query of a request exactly as received (Fastify's `request.url`, which
 * keeps route prefixes); absolute-form targets reduced to their path by core.
 *
 * @example
 * ```ts
 * requestTarget(request) // '/auth/login?returnTo=%2Fdashboard'
 * ```
 */
export function requestTarget(request: FastifyRequest): string {
  return nodeRequestTarget(request.url)
}

/**
 * The cheap, body-less view of a request that `authenticate` and `guard` take (core's
 * `nodeRequestLike` over Fastify's parsed headers and the raw header lines).
 *
 * @example
 * ```ts
 * const { auth } = await routes.authenticate(toKitRequestLike(request, origin))
 * ```
 */
export function toKitRequestLike(request: FastifyRequest, origin: string): KitRequestLike {
  // The Node request itself: its method, headers and raw lines are what the client sent.
  return nodeRequestLike(request.raw, origin, request.url)
}

/**
 * Translates a Fastify request into a Web `Request` for the kit's route engine. `body`
 * is the raw buffer from the kit's scoped content-type parser: the exact bytes received.
 *
 * @example
 * ```ts
 * const response = await routes.handle(toWebRequest(request, origin, request.body as Buffer))
 * ```
 */
export function toWebRequest(request: FastifyRequest, origin: string, body?: Uint8Array): Request {
  return nodeWebRequest(
    { method: request.method, headers: request.headers, rawHeaders: request.raw.rawHeaders },
    origin,
    request.url,
    body,
  )
}
