import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got. */
export interface Received {
  headers: IncomingMessage['headers']
  /** The raw body (JSON for webhooks, a form for back-channel logout). */
  body: string
}

/** A local HTTP endpoint that records what the emulator sends it (webhooks, logout tokens). */
export interface Receiver {
  url: string
  /** Requests in arrival order; tests may empty it between cases. */
  received: Received[]
  /** Resolves with {@link received} once `count` requests arrived; fails after `ms`. */
  waitFor(count: number, ms?: number): Promise<Received[]>
  close(): Promise<void>
}

/** Options of {@link startReceiver}. */
export interface ReceiverOptions {
  /** Statuses to answer with, in order; the last one repeats. Default `[204]`. */
  statuses?: number[]
  /** Path of the returned URL. Default `/hooks`. */
  path?: string
}

/** Starts a receiver on 127.0.0.1, port 0. */
export async function startReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const { statuses = [204], path = '/hooks' } = options
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 204
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    async waitFor(count, ms = 5000) {
      await waitFor(
        () => received.length >= count,
        ms,
        () => {
          return `expected ${count} requests, got ${received.length}`
        },
      )
      return received
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Polls `check` until it returns true, or fails after `timeoutMs` with `describe()`. */
export async function waitFor(
  check: () => boolean,
  timeoutMs = 5000,
  describe: () => string = () => 'condition not met in time',
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(describe())
    await new Promise((r) => setTimeout(r, 20))
  }
}
