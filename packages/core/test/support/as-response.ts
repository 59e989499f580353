import { type KitReply, toWebResponse } from '../../src/http/reply.js'

/**
 * A guard's reply as the Web `Response` an integration would send (`toWebResponse`), so
 * tests read its headers and body as a client would; null stays null.
 */
export function asResponse(reply: KitReply | null): Response | null {
  return reply === null ? null : toWebResponse(reply)
}
