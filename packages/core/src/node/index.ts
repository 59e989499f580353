/**
 * `@kit/core/node`: a view of Node's `IncomingMessage` as the kit's request shape and as
 * a Web `Request`, for adapters on Node frameworks, and {@link retainNextTickShape},
 * which keeps `process.nextTick` on its fast path in a long-lived server. It imports no
 * `node:` module, so core stays runtime-agnostic; it is a separate entry point because
 * only Node adapters need it.
 *
 * @packageDocumentation
 */

export {
  type NodeRequestFields,
  nodeRequestLike,
  nodeRequestTarget,
  nodeWebRequest,
  peekNodeAuthentication,
} from '../http/node-request.js'
export { nextTickShapeRetained, retainNextTickShape } from './next-tick-shape.js'
