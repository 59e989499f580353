// A stand-in for the part of Next's server the adapter relies on, so the conformance
// suite and the proxy can run over real HTTP without `next build`: route files (objects
// of method handlers taking a Web Request and returning a Response), a proxy run before
// them whose `NextResponse.next({ request: { headers } })` overrides the request headers
// the route sees, and the request-scoped `headers()` / `cookies()` the server helpers
// read. Next's own behaviour in a built app is proven by the Next test apps; this file
// only mirrors the protocol (x-middleware-next, x-middleware-override-headers,
// x-middleware-request-*), HEAD falling back to GET, and 405 for methods a route file
// does not export.
import { AsyncLocalStorage } from 'node:async_hooks'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import type { RunningApp } from '@kit/adapter-suite'
import { RequestCookies, ResponseCookies } from 'next/dist/compiled/@edge-runtime/cookies'
import { RequestCookiesAdapter } from 'next/dist/server/web/spec-extension/adapters/request-cookies'
import * as navigation from 'next/navigation.js'
import type { ServerContext } from '../../src/index.js'

/** An `app/.../route.ts` module: its exported method handlers. */
export type RouteFile = Partial<Record<string, (request: Request) => Promise<Response>>>

/**
 * The app: an optional proxy and its route files, matched on the URL's pathname. A
 * `component` route runs like a server component render: Next's read-only cookies,
 * whose `set` throws.
 */
export interface StandInApp {
  proxy?: (request: Request) => Promise<Response>
  routes: ReadonlyArray<{ match(pathname: string): boolean; file: RouteFile; component?: boolean }>
}

/** The request context of the route being run, read by `serverContext` below. */
const current = new AsyncLocalStorage<ServerContext>()

/**
 * What the server helpers read in a stand-in route: the request's headers and a cookie
 * store that, like Next's in a route handler, starts from the request's cookies, lets
 * `set` change them, and puts what was set on the response.
 */
export async function serverContext(): Promise<ServerContext> {
  const context = current.getStore()
  if (!context) throw new Error('serverContext() called outside a stand-in request')
  return context
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

/** Request headers from the raw lines (a repeated line stays visible, joined). */
function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers()
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!)
  }
  return headers
}

/** Applies a proxy's `NextResponse.next({ request: { headers } })` to the request headers. */
function overridden(original: Headers, proxied: Response): Headers {
  const list = proxied.headers.get('x-middleware-override-headers')
  if (list === null) return original
  const headers = new Headers()
  for (const name of list.split(',').filter(Boolean)) {
    const value = proxied.headers.get(`x-middleware-request-${name}`)
    if (value !== null) headers.set(name, value)
  }
  return headers
}

async function write(res: ServerResponse, response: Response, head: boolean, extra: Headers) {
  res.statusCode = response.status
  for (const [name, value] of response.headers)
    if (name !== 'set-cookie') res.setHeader(name, value)
  for (const [name, value] of extra) if (name !== 'set-cookie') res.setHeader(name, value)
  const cookies = [...extra.getSetCookie(), ...response.headers.getSetCookie()]
  if (cookies.length > 0) res.setHeader('set-cookie', cookies)
  if (response.body === null || head) {
    await response.body?.cancel()
    res.end()
    return
  }
  Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>).pipe(res)
}

async function serve(app: StandInApp, req: IncomingMessage, res: ServerResponse, port: number) {
  const method = (req.method ?? 'GET').toUpperCase()
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req)
  const url = `http://127.0.0.1:${port}${req.url ?? '/'}`
  let headers = headersOf(req)
  // Headers the proxy put on its "next" response go on the final response (Set-Cookie).
  const carried = new Headers()
  if (app.proxy) {
    const proxied = await app.proxy(new Request(url, { method, headers }))
    if (proxied.headers.get('x-middleware-next') !== '1') {
      await write(res, proxied, method === 'HEAD', carried)
      return
    }
    headers = overridden(headers, proxied)
    for (const [name, value] of proxied.headers) {
      if (!name.startsWith('x-middleware-')) carried.append(name, value)
    }
  }
  const pathname = new URL(url).pathname
  const route = app.routes.find((r) => r.match(pathname))
  if (!route) {
    await write(res, new Response('Not found', { status: 404 }), false, carried)
    return
  }
  const handler = route.file[method] ?? (method === 'HEAD' ? route.file['GET'] : undefined)
  if (!handler) {
    const allow = Object.keys(route.file).join(', ')
    await write(res, new Response(null, { status: 405, headers: { allow } }), false, carried)
    return
  }
  const request = new Request(url, {
    method,
    headers,
    ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
  })
  const cookies = new ResponseCookies(new Headers())
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()))
  }
  const written = new ResponseCookies(carried)
  const store = {
    getAll: () => cookies.getAll(),
    set: (name: string, value: string, options?: object) => {
      cookies.set(name, value, options)
      written.set(name, value, options)
    },
  }
  const context: ServerContext = {
    headers: request.headers,
    cookies: route.component ? RequestCookiesAdapter.seal(new RequestCookies(headers)) : store,
    navigation,
  }
  const response = await current.run(context, () => handler(request)).catch(controlFlow)
  await write(res, response, method === 'HEAD', carried)
}

/**
 * Next's answer to its control-flow errors thrown from a route handler: `redirect()`
 * (digest `NEXT_REDIRECT;type;url;status;`) and `forbidden()` / `notFound()` (digest
 * `NEXT_HTTP_ERROR_FALLBACK;status`). Anything else is a failure of the route.
 */
function controlFlow(error: unknown): Response {
  const digest = (error as { digest?: unknown } | null)?.digest
  if (typeof digest !== 'string') throw error
  const parts = digest.split(';')
  if (parts[0] === 'NEXT_REDIRECT') {
    const location = parts.slice(2, -2).join(';')
    return new Response(null, { status: Number(parts.at(-2)), headers: { location } })
  }
  if (parts[0] === 'NEXT_HTTP_ERROR_FALLBACK')
    return new Response(null, { status: Number(parts[1]) })
  throw error
}

/** Serves `app` on a free loopback port. */
export async function listen(app: StandInApp): Promise<RunningApp> {
  let port = 0
  const server = createServer((req, res) => {
    serve(app, req, res, port).catch((error: unknown) => {
      if (!res.headersSent) res.statusCode = 500
      res.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((err) => (err ? reject(err) : resolve()))
      }),
  }
}
