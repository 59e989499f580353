/**
 * A page on another site (another origin and host than the app), for cross-site
 * requests the way an attacker's page would make them from the user's browser.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A running hostile site serving one HTML page at `/`. */
export interface HostileSite {
  url: string
  close(): Promise<void>
}

/** Serves `html` on 127.0.0.1 (the app is on `localhost`: a different site). */
export async function startHostileSite(html: string): Promise<HostileSite> {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8')
    res.end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
