import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { KitRequestLike } from '@kit/core'

/** The parts of an Express (or plain Node) request the translators read. */
export type NodeRequest = IncomingMessage & { originalUrl?: string }

/**
 * The path and query of a request exactly as received, before any router stripped a
 * mount prefix. An absolute-form request target (`GET http://host/x`) is reduced to its
 * path so it can never change the origin the kit sees.
 *
 * @example
 * ```ts
 * requestTarget(req) // '/auth/login?returnTo=%2Fdashboard'
 * ```
 */
export function requestTarget(req: NodeRequest): string {
  const target = req.originalUrl ?? req.url ?? '/'
  if (target.startsWith('/')) return target
  try {
    const parsed = new URL(target)
    return parsed.pathname + parsed.search
  } catch {
    return '/'
  }
}

/**
 * Builds the absolute URL the kit sees: the configured origin (from `baseUrl`, never the
 * Host header, which the client controls) followed by the path and query as received.
 *
 * @example
 * ```ts
 * kitUrl(req, 'https://app.example.com') // 'https://app.example.com/admin?x=1'
 * ```
 */
export function kitUrl(req: NodeRequest, origin: string): string {
  return origin + requestTarget(req)
}

/**
 * Every received value of one header, joined with `, `. Node keeps only the first
 * `Authorization` line in `req.headers`; reading the raw lines lets core see (and
 * refuse) a repeated one instead of silently using the first.
 */
function rawHeader(raw: readonly string[], name: string): string | null {
  const values: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!)
  }
  return values.length === 0 ? null : values.join(', ')
}

function readHeader(req: NodeRequest, name: string): string | null {
  const key = name.toLowerCase()
  if (key === 'authorization') return rawHeader(req.rawHeaders, key)
  const value = (req.headers as IncomingHttpHeaders)[key]
  if (value === undefined) return null
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * The cheap, body-less view of a request that `authenticate` and `guard` take: no
 * header copying, no body, no URL parsing beyond string concatenation.
 *
 * @example
 * ```ts
 * const { auth } = await routes.authenticate(toKitRequestLike(req, origin))
 * ```
 */
export function toKitRequestLike(req: NodeRequest, origin: string): KitRequestLike {
  return {
    method: req.method ?? 'GET',
    url: kitUrl(req, origin),
    headers: { get: (name: string) => readHeader(req, name) },
  }
}

/**
 * Copies the received headers, keeping repeated fields as separate entries (raw header
 * pairs, not Node's joined view) and skipping HTTP/2 pseudo-headers.
 */
function toHeaders(req: NodeRequest): Headers {
  const headers = new Headers()
  const raw = req.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.startsWith(':')) continue
    headers.append(name, raw[i + 1]!)
  }
  return headers
}

/**
 * Translates a Node/Express request into a Web `Request` for the kit's route engine.
 * The body, when the route needs one, is passed in as the raw bytes read from the wire
 * (see `readRawBody`), never a re-serialised parsed body.
 *
 * @example
 * ```ts
 * const body = await readRawBody(req, { limit: 1_048_576 })
 * const response = await routes.handle(toWebRequest(req, origin, body))
 * ```
 */
export function toWebRequest(req: NodeRequest, origin: string, body?: Uint8Array): Request {
  const method = (req.method ?? 'GET').toUpperCase()
  const init: RequestInit = { method, headers: toHeaders(req) }
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
    // Node's Buffer is typed over ArrayBufferLike; the bytes are passed as they are.
    init.body = body as Uint8Array<ArrayBuffer>
  }
  return new Request(kitUrl(req, origin), init)
}
