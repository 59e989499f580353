// A real redis-server per test suite: a free port, no persistence, no system service.
// Exported for other packages' tests (the multi-instance test imports it).
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createConnection, createServer } from 'node:net'

/** A running (or stopped, restartable) redis-server on a fixed local port. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string
  readonly port: number
  /** Kills the server (SIGKILL: as abrupt as a crash); `start()` brings it back on the same port. */
  kill(): Promise<void>
  /** Starts it again on the same port, empty (no persistence), and waits for PING. */
  start(): Promise<void>
  /** Kills it for good (suite teardown). */
  stop(): Promise<void>
}

/** A port the OS reports free right now (redis-server cannot pick one itself). */
export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return address.port
}

/**
 * Starts `redis-server` on a free port with persistence off and waits until it answers
 * PING. Throws with a hint when redis-server is not installed.
 *
 * @example
 * ```ts
 * const redis = await startRedisServer()
 * afterAll(() => redis.stop())
 * ```
 */
export async function startRedisServer(): Promise<RedisServer> {
  // The port is free when asked but may be taken before redis-server binds it (suites run
  // in parallel): try a few ports before giving up.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    try {
      return await startOn(port)
    } catch (error) {
      if (attempt >= 3 || !/exited with code/.test(String(error))) throw error
    }
  }
}

async function startOn(port: number): Promise<RedisServer> {
  let child: ChildProcess | undefined

  const start = async (): Promise<void> => {
    const proc = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    child = proc
    // A test process that dies must not leave a server behind.
    const reap = (): void => void proc.kill('SIGKILL')
    process.once('exit', reap)
    proc.once('exit', () => process.off('exit', reap))
    const failed = new Promise<never>((_, reject) => {
      proc.once('error', (error) =>
        reject(
          new Error(
            `could not start redis-server (apt-get install redis-server): ${error.message}`,
          ),
        ),
      )
      proc.once('exit', (code) => reject(new Error(`redis-server exited with code ${code}`)))
    })
    failed.catch(() => {})
    await Promise.race([waitForPing(port, 10_000), failed])
  }

  const kill = async (): Promise<void> => {
    const proc = child
    child = undefined
    if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return
    const exited = once(proc, 'exit')
    proc.kill('SIGKILL')
    await exited
  }

  await start()
  return { url: `redis://127.0.0.1:${port}`, port, kill, start, stop: kill }
}

/** Resolves when a PING on `port` gets PONG; retries until `timeoutMs`. */
async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await ping(port)) return
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    const done = (ok: boolean): void => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(500, () => done(false))
    socket.once('error', () => done(false))
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')))
  })
}
