import { NO_CREDENTIALS } from './authenticate.js'
import type { KitAuthentication, KitRequestLike, KitRoutes } from './types.js'

/**
 * The fields of a Node `IncomingMessage` (what Express and Fastify requests wrap) that
 * the kit reads. Structural, so core needs no `node:http` import.
 */
export interface NodeRequestFields {
  method?: string | undefined
  headers: Record<string, string | string[] | undefined>
  /** Header lines as received: name, value, name, value, ... */
  rawHeaders: readonly string[]
}

/**
 * The path and query of a request target exactly as received. An absolute-form target
 * (`GET http://host/x`) is reduced to its path so it can never change the origin the
 * kit sees; anything unparsable becomes `/`.
 *
 * @example
 * ```ts
 * nodeRequestTarget('http://evil.example/admin?x=1') // '/admin?x=1'
 * ```
 */
export function nodeRequestTarget(target: string | undefined): string {
  if (target === undefined || target === '') return '/'
  if (target.startsWith('/')) return target
  try {
    const parsed = new URL(target)
    return parsed.pathname + parsed.search
  } catch {
    return '/'
  }
}

/**
 * `routes.peekAuthentication` for a Node request, read straight from Node's parsed
 * headers with no request view: the shared signed-out answer when the request carries no
 * `Cookie` and no `Authorization` header (most requests to public pages and assets), the
 * session's answer when it is known synchronously, and undefined when the adapter must
 * build a view and await `routes.authenticate` (bearer tokens, first sight of a cookie,
 * refresh, renewal).
 *
 * @example
 * ```ts
 * const quick = peekNodeAuthentication(routes, req)
 * const result = quick ?? (await routes.authenticate(nodeRequestLike(req, origin, req.url)))
 * ```
 */
export function peekNodeAuthentication(
  routes: Pick<KitRoutes, 'peekSession'>,
  req: NodeRequestFields,
): KitAuthentication | undefined {
  const headers = req.headers
  if (headers.authorization !== undefined) return undefined
  const cookie = headers.cookie
  if (cookie === undefined) return NO_CREDENTIALS
  // Node joins repeated Cookie lines into one string; an array only from hand-built requests.
  return routes.peekSession(Array.isArray(cookie) ? cookie.join('; ') : cookie)
}

/**
 * Every received value of one header, joined with `, `. Node keeps only the first
 * `Authorization` line in `headers`; reading the raw lines lets core see (and refuse)
 * a repeated one instead of silently using the first.
 */
function rawHeader(raw: readonly string[], name: string): string | null {
  let joined: string | null = null
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const field = raw[i]!
    // Runs on every request: lower-case only the names that can match.
    if (field.length === name.length && field.toLowerCase() === name) {
      joined = joined === null ? raw[i + 1]! : `${joined}, ${raw[i + 1]!}`
    }
  }
  return joined
}

/**
 * The cheap, body-less view of a Node request that `authenticate`, `peekAuthentication`
 * and `guard` take: no header copying, no URL parsing. The origin comes from `baseUrl`
 * (pass `routes.origin`), never from the Host header the client
 * controls; `target` is the path and query as received (before any mount prefix was
 * stripped).
 *
 * @example
 * ```ts
 * const view = nodeRequestLike(req, origin, req.originalUrl ?? req.url)
 * const { auth } = await routes.authenticate(view)
 * ```
 */
export function nodeRequestLike(
  req: NodeRequestFields,
  origin: string,
  target: string | undefined,
): KitRequestLike {
  return new NodeRequestView(req, origin, target)
}

/**
 * The view itself: one small object per request, methods on the prototype, and the URL
 * built only when something reads it. A signed-in request through a satisfied guard, the
 * most common one, never does.
 */
class NodeRequestView implements KitRequestLike {
  readonly #req: NodeRequestFields
  readonly #origin: string
  readonly #target: string | undefined
  #url: string | undefined

  constructor(req: NodeRequestFields, origin: string, target: string | undefined) {
    this.#req = req
    this.#origin = origin
    this.#target = target
  }

  get method(): string {
    return this.#req.method ?? 'GET'
  }

  get url(): string {
    this.#url ??= this.#origin + nodeRequestTarget(this.#target)
    return this.#url
  }

  /** The view is its own `headers` (one object, no closure per request). */
  get headers(): { get(name: string): string | null } {
    return this
  }

  get(name: string): string | null {
    const key = name.toLowerCase()
    const headers = this.#req.headers
    if (key === 'authorization') {
      // Node keeps only the first line in `headers`: absent there means absent on the wire,
      // so the raw lines are scanned only when there is something to find.
      return headers.authorization === undefined ? null : rawHeader(this.#req.rawHeaders, key)
    }
    const value = headers[key]
    if (value === undefined) return null
    return Array.isArray(value) ? value.join(', ') : value
  }
}

/**
 * A Web `Request` for the kit's route engine from a Node request: headers copied from the
 * raw lines (repeated fields kept, HTTP/2 pseudo-headers skipped) and the body passed as
 * the exact bytes read from the wire, never a re-serialised parsed body.
 *
 * @example
 * ```ts
 * const response = await routes.handle(nodeWebRequest(req, origin, req.url, rawBody))
 * ```
 */
export function nodeWebRequest(
  req: NodeRequestFields,
  origin: string,
  target: string | undefined,
  body?: Uint8Array,
): Request {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (!name.startsWith(':')) headers.append(name, raw[i + 1]!)
  }
  const method = (req.method ?? 'GET').toUpperCase()
  const init: RequestInit = { method, headers }
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
    // Node's Buffer is typed over ArrayBufferLike; the bytes are passed as they are.
    init.body = body as Uint8Array<ArrayBuffer>
  }
  return new Request(origin + nodeRequestTarget(target), init)
}
