/**
 * Free ports on 127.0.0.1: a server of the test's own listens on port 0 and keeps it,
 * while a child process (`next start`, an app instance) needs a number before it starts.
 */
import type { Server } from 'node:http'
import { createServer } from 'node:net'

/** Listens on a free port of 127.0.0.1 and answers that port. */
export async function listenOnFreePort(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  return (server.address() as { port: number }).port
}

/**
 * A port that was free a moment ago, for a process that takes a number, not port 0. Another
 * process could take it in between; the suites start their children one port at a time.
 */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
