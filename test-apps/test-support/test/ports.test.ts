/**
 * `freePort` (src/ports.ts) gives a child process a port no outgoing connection can take
 * before the child binds it: one below the kernel's ephemeral range, checked free.
 */
import { connect, createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, portsOutsideEphemeralRange, readEphemeralRange } from '../src/ports.js'

const servers: Server[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))))
})

/** A server of this test listening on `port` of 127.0.0.1 (0: any); answers its port. */
async function listen(port = 0): Promise<number> {
  const server = createServer((socket) => socket.end())
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

describe('freePort', () => {
  it('answers a port below the ephemeral range that outgoing connections draw from', async () => {
    const ephemeral = readEphemeralRange()
    // Linux CI and this machine: the file is there (the fallback is tested below).
    expect(ephemeral).toBeDefined()
    const target = await listen()
    // Outgoing connections take their local port from the ephemeral range...
    const locals = await Promise.all(
      Array.from(
        { length: 50 },
        () =>
          new Promise<number>((resolve, reject) => {
            const socket = connect(target, '127.0.0.1')
            socket.once('connect', () => {
              resolve(socket.localPort!)
              socket.destroy()
            })
            socket.once('error', reject)
          }),
      ),
    )
    for (const local of locals) expect(local).toBeGreaterThanOrEqual(ephemeral!.low)
    // ...and freePort's never lie there, so none of them could have taken it.
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()))
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000)
      expect(port).toBeLessThan(ephemeral!.low)
    }
    // Free: a server can listen on it.
    expect(await listen(ports[0])).toBe(ports[0])
  })

  it('skips a taken port, and lets the kernel pick when every port of its range is taken', async () => {
    const taken = await listen()
    const port = await freePort({ low: taken, high: taken })
    expect(port).not.toBe(taken)
    expect(await listen(port)).toBe(port)
  })

  it('uses the range below the ephemeral one only when it has room', () => {
    expect(portsOutsideEphemeralRange({ low: 32_768, high: 60_999 })).toEqual({
      low: 20_000,
      high: 32_767,
    })
    expect(portsOutsideEphemeralRange({ low: 20_500, high: 60_999 })).toBeUndefined()
    expect(portsOutsideEphemeralRange(undefined)).toBeUndefined()
    expect(readEphemeralRange('/nonexistent/ip_local_port_range')).toBeUndefined()
  })
})
