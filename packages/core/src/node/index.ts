/**
 * `@kit/core/node`: a view of Node's `IncomingMessage` as the kit's request shape and as
 * a Web `Request`, for adapters on Node frameworks. It reads only the fields it names
 * and imports no `node:` module, so core stays runtime-agnostic; it is a separate entry
 * point because only Node adapters need it.
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
