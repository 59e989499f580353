/**
 * Free ports on 127.0.0.1: a server of the test's own listens on port 0 and keeps it,
 * while a child process (`next start`, an app instance) needs a number before it starts.
 */
import { readFileSync } from 'node:fs'
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

/** Where `freePort` looks: below the kernel's ephemeral range, never a privileged port. */
export interface PortRange {
  low: number
  high: number
}

/**
 * The ports outgoing connections never take: Linux gives each new outgoing connection
 * (every `fetch` of every parallel suite) a port of its ephemeral range, the same range
 * `listen(0)` draws from. A port found free there could be taken by a connection before
 * the child that was given it binds it (CI failed once that way, `EADDRINUSE`). Below
 * the range only another explicit `listen` can take it.
 */
export function portsOutsideEphemeralRange(
  ephemeral: PortRange | undefined,
): PortRange | undefined {
  if (!ephemeral) return undefined
  const low = 20_000
  const high = ephemeral.low - 1
  return high - low >= 1_000 ? { low, high } : undefined
}

/** Linux's `ip_local_port_range`, or undefined where it cannot be read. */
export function readEphemeralRange(
  file = '/proc/sys/net/ipv4/ip_local_port_range',
): PortRange | undefined {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number)
    return Number.isInteger(low) && Number.isInteger(high) ? { low: low!, high: high! } : undefined
  } catch {
    return undefined
  }
}

/**
 * A port that was free a moment ago, for a process that takes a number, not port 0. It
 * is drawn at random from below the kernel's ephemeral range (see
 * {@link portsOutsideEphemeralRange}) and checked by listening on it, so no outgoing
 * connection can take it before the child binds it; where the range is unknown, the
 * kernel picks one (`listen(0)`).
 */
export async function freePort(
  range = portsOutsideEphemeralRange(readEphemeralRange()),
): Promise<number> {
  if (range) {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = range.low + Math.floor(Math.random() * (range.high - range.low + 1))
      if ((await tryListen(port)) !== undefined) return port
    }
  }
  const port = await tryListen(0)
  if (port === undefined) throw new Error('freePort: no port of 127.0.0.1 could be listened on')
  return port
}

/** Listens on `port` (0: any) and closes again; the port, or undefined if it is taken. */
async function tryListen(port: number): Promise<number | undefined> {
  const server = createServer()
  const bound = await new Promise<number | undefined>((resolve) => {
    server.once('error', () => resolve(undefined))
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port))
  })
  if (bound !== undefined) await new Promise((resolve) => server.close(resolve))
  return bound
}
