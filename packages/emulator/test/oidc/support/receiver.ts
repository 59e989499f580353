import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A local HTTP endpoint that records form posts (back-channel logout receiver). */
export interface Receiver {
  url: string
  received: URLSearchParams[]
  /** Resolves once `count` posts arrived (or rejects after `ms`). */
  waitFor(count: number, ms?: number): Promise<URLSearchParams[]>
  close(): Promise<void>
}

/** Starts a receiver on 127.0.0.1, port 0. */
export async function startReceiver(): Promise<Receiver> {
  const received: URLSearchParams[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')))
      res.writeHead(200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/backchannel-logout`,
    received,
    async waitFor(count, ms = 5000) {
      const until = Date.now() + ms
      while (received.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} posts, got ${received.length}`)
        await new Promise((r) => setTimeout(r, 20))
      }
      return received
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
