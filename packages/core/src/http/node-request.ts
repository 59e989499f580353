import type { KitRequestLike } from './types.js'

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
  const headers = req.headers
  return {
    method: req.method ?? 'GET',
    url: origin + nodeRequestTarget(target),
    headers: {
      get(name: string): string | null {
        const key = name.toLowerCase()
        if (key === 'authorization') return rawHeader(req.rawHeaders, key)
        const value = headers[key]
        if (value === undefined) return null
        return Array.isArray(value) ? value.join(', ') : value
      },
    },
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
