import type { IncomingMessage } from 'node:http'
import type { KitRequestLike } from '@kit/core'
import { nodeRequestLike, nodeRequestTarget, nodeWebRequest } from '@kit/core/node'

/** The parts of an Express (or plain Node) request the translators read. */
export type NodeRequest = IncomingMessage & { originalUrl?: string }

/**
 * The path and query of a request exactly as received, before any router stripped a
 * mount prefix (`originalUrl`); absolute-form targets reduced to their path by core.
 *
 * @example
 * ```ts
 * requestTarget(req) // '/auth/login?returnTo=%2Fdashboard'
 * ```
 */
export function requestTarget(req: NodeRequest): string {
  return nodeRequestTarget(req.originalUrl ?? req.url)
}

/**
 * The cheap, body-less view of a request that `authenticate` and `guard` take (core's
 * `nodeRequestLike` over the unstripped target).
 *
 * @example
 * ```ts
 * const { auth } = await routes.authenticate(toKitRequestLike(req, origin))
 * ```
 */
export function toKitRequestLike(req: NodeRequest, origin: string): KitRequestLike {
  return nodeRequestLike(req, origin, req.originalUrl ?? req.url)
}

/**
 * Translates a Node/Express request into a Web `Request` for the kit's route engine.
 * The body, when the route needs one, is the raw bytes read from the wire (see
 * `readRawBody`), never a re-serialised parsed body.
 *
 * @example
 * ```ts
 * const body = await readRawBody(req, { limit: 1_048_576 })
 * const response = await routes.handle(toWebRequest(req, origin, body))
 * ```
 */
export function toWebRequest(req: NodeRequest, origin: string, body?: Uint8Array): Request {
  return nodeWebRequest(req, origin, req.originalUrl ?? req.url, body)
}
