/**
 * A small round-robin HTTP proxy (node:http), the load balancer in front of the
 * instances: each request goes to the next instance in turn, with its method, path,
 * headers and body untouched, like a layer-7 balancer without sticky sessions. Paths can
 * be blocked (503) so a test proves one delivery mechanism at a time (the emulator
 * sends both a webhook and a back-channel logout when a session ends).
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running proxy. */
export interface RoundRobinProxy {
  /** `http://localhost:<port>`: the one public origin every instance is configured with. */
  readonly url: string
  /** Sets the instances to balance over (origins), in turn order. */
  setTargets(targets: readonly string[]): void
  /** Answers 503 to this exact path until unblocked (simulates an unreachable route). */
  block(path: string): void
  unblock(path: string): void
  close(): Promise<void>
}

/** Starts the proxy on a free port of 127.0.0.1, reached as `localhost`. */
export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  let targets: URL[] = []
  let turn = 0
  const blocked = new Set<string>()
  const agent = new Agent({ keepAlive: true, maxSockets: 256 })

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    const path = req.url ?? '/'
    const pathname = path.split('?')[0] ?? path
    if (blocked.has(pathname) || targets.length === 0) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('unavailable')
      req.resume()
      return
    }
    const target = targets[turn++ % targets.length]!
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, endToEnd(answer.rawHeaders))
        answer.pipe(res)
      },
    )
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
      res.end('bad gateway')
    })
    req.pipe(upstream)
  }

  const server: Server = createServer(forward)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://localhost:${port}`,
    setTargets(list) {
      targets = list.map((t) => new URL(t))
    },
    block: (path) => blocked.add(path),
    unblock: (path) => blocked.delete(path),
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      agent.destroy()
    },
  }
}

/**
 * The upstream's header lines without its connection-scoped ones (RFC 9110, 7.6.1), as
 * a proxy must. Forwarded, an instance's `Keep-Alive: timeout=72` (Fastify's default)
 * told the client this proxy would keep an idle connection for 72 s, while its server
 * closes one after 5 s: a request sent on such a connection as the proxy closed it failed
 * with "other side closed" (CI, once). Without them, Node adds its own hint.
 */
function endToEnd(rawHeaders: readonly string[]): string[] {
  const kept: string[] = []
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    if (name === 'connection' || name === 'keep-alive') continue
    kept.push(rawHeaders[i]!, rawHeaders[i + 1]!)
  }
  return kept
}
