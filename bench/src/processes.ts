import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'

/** A port that was free a moment ago (the server binds it right after). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

let pinning = false

/**
 * Gives the servers under load a CPU of their own when the machine can: servers started
 * with `{ pinned: true }` run on CPU 0 and this process (the load generator) moves to the
 * others, so the two never take turns on one core. On a 2-core machine that is what
 * makes round-to-round ratios repeat to a percent or two rather than five. Returns
 * false (nothing pinned) with fewer than 2 CPUs, without Linux's `taskset`, or with
 * `BENCH_PIN=off`.
 */
export function pinLoadGenerator(): boolean {
  const cpus = availableParallelism()
  if (process.env.BENCH_PIN === 'off' || cpus < 2) return false
  const moved = spawnSync('taskset', ['-a', '-p', '-c', `1-${cpus - 1}`, String(process.pid)], {
    stdio: 'ignore',
  })
  pinning = moved.status === 0
  return pinning
}

/** Starts `servers/<name>.ts` in its own Node process and waits for its "ready" line. */
export async function startServer(
  name: 'express' | 'fastify' | 'revocation',
  env: Record<string, string>,
  options: { pinned?: boolean } = {},
): Promise<ChildProcess> {
  const entry = fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url))
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server to <dir> when it stops.
  const profile = process.env.BENCH_CPU_PROF
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const argv = [...flags, '--conditions=@kit/source', '--import', 'tsx', entry]
  // `taskset` execs Node in place: the child's pid is the server's.
  const pin = options.pinned === true && pinning
  const child = spawn(
    pin ? 'taskset' : process.execPath,
    pin ? ['-c', '0', process.execPath, ...argv] : argv,
    {
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} server did not start`)), 30_000)
    child.once('exit', (code) => reject(new Error(`${name} server exited with ${code}`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return child
}

/**
 * CPU time (user + system, in seconds) a process has used so far, read from Linux's
 * `/proc/<pid>/stat`; undefined elsewhere. Throughput alone cannot tell the server's cost
 * from the load generator's limit or a noisy neighbour's steal; CPU per request can.
 */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    const ticks = Number(fields[11]) + Number(fields[12])
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined
  } catch {
    return undefined
  }
}

// USER_HZ: 100 on every Linux architecture Node supports.
const CLOCK_TICKS_PER_SECOND = 100
