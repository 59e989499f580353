import type { KitRequestLike } from '@kit/core'
import type { FastifyRequest } from 'fastify'

/**
 * The path and query of a request exactly as received (Fastify's `request.url`, which
 * keeps route prefixes). An absolute-form target (`GET http://host/x`) is reduced to its
 * path so it can never change the origin the kit sees.
 *
 * @example
 * ```ts
 * requestTarget(request) // '/auth/login?returnTo=%2Fdashboard'
 * ```
 */
export function requestTarget(request: FastifyRequest): string {
  const target = request.url
  if (target.startsWith('/')) return target
  try {
    const parsed = new URL(target)
    return parsed.pathname + parsed.search
  } catch {
    return '/'
  }
}

/**
 * The cheap, body-less view of a request that `authenticate` and `guard` take. The
 * origin comes from `baseUrl`, never from the Host header the client controls.
 *
 * @example
 * ```ts
 * const { auth } = await routes.authenticate(toKitRequestLike(request, origin))
 * ```
 */
export function toKitRequestLike(request: FastifyRequest, origin: string): KitRequestLike {
  const headers = request.headers
  return {
    method: request.method,
    url: origin + requestTarget(request),
    headers: {
      get(name: string): string | null {
        const key = name.toLowerCase()
        if (key === 'authorization') return rawHeader(request.raw.rawHeaders, key)
        const value = headers[key]
        if (value === undefined) return null
        return Array.isArray(value) ? value.join(', ') : value
      },
    },
  }
}

/**
 * Every received value of one header, joined with `, `. Node keeps only the first
 * `Authorization` line in `headers`; reading the raw lines lets core see (and refuse)
 * a repeated one instead of silently using the first.
 */
function rawHeader(raw: readonly string[], name: string): string | null {
  const values: string[] = []
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === name) values.push(raw[i + 1]!)
  }
  return values.length === 0 ? null : values.join(', ')
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
  const headers = new Headers()
  const raw = request.raw.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!
    if (name.startsWith(':')) continue
    headers.append(name, raw[i + 1]!)
  }
  const method = request.method.toUpperCase()
  const init: RequestInit = { method, headers }
  if (body !== undefined && method !== 'GET' && method !== 'HEAD') {
    // Node's Buffer is typed over ArrayBufferLike; the bytes are passed as they are.
    init.body = body as Uint8Array<ArrayBuffer>
  }
  return new Request(origin + requestTarget(request), init)
}
