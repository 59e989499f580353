import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { ensureNode } from '../../scripts/node-runtime.mjs'

/** Ports {@link freePort} handed out in this process, never handed out twice. */
const given = new Set<number>()

/**
 * A port that was free a moment ago (the server binds it right after), and that this
 * process has not handed out before: the kernel may offer a port it just released
 * again, and two servers of one run then race for it. Start the emulator on one too,
 * rather than on port 0, for the same reason.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer()
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        const port = typeof address === 'object' && address ? address.port : 0
        server.close(() => resolve(port))
      })
    })
    if (!given.has(port)) {
      given.add(port)
      return port
    }
  }
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

type ServerName = 'express' | 'fastify' | 'revocation'
const SERVERS: readonly ServerName[] = ['express', 'fastify', 'revocation']
let bundled: Promise<Record<ServerName, string>> | undefined

/**
 * The server files as plain JavaScript, built once per benchmark process: a server
 * loaded through tsx spends about a second of CPU resolving and compiling its module
 * graph, twice what the bundle takes, and a run starts dozens of them. The kit's
 * packages are bundled from their sources (the `@kit/source` condition, as tsx loads
 * them); every other package stays an import of its own files, as an app would load it.
 * Written under bench/node_modules/.cache through a rename, so concurrent runs never
 * load half a file.
 */
function bundleServers(): Promise<Record<ServerName, string>> {
  bundled ??= (async () => {
    const outdir = fileURLToPath(new URL('../node_modules/.cache/bench-servers/', import.meta.url))
    const result = await build({
      entryPoints: SERVERS.map((name) =>
        fileURLToPath(new URL(`./servers/${name}.ts`, import.meta.url)),
      ),
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['@kit/source'],
      logLevel: 'warning',
      plugins: [
        {
          name: 'packages-stay-external',
          setup(on) {
            on.onResolve({ filter: /^[^./]/ }, async (args) => {
              if (args.pluginData === 'resolving' || args.path.startsWith('node:')) return
              // Resolved from the importing file (pnpm links a package's dependencies
              // beside it only), then kept as an import of that absolute path.
              const found = await on.resolve(args.path, {
                kind: args.kind,
                resolveDir: args.resolveDir,
                importer: args.importer,
                pluginData: 'resolving',
              })
              if (found.errors.length > 0) return { errors: found.errors }
              return { path: found.path, external: found.path.includes('/node_modules/') }
            })
          },
        },
      ],
    })
    mkdirSync(outdir, { recursive: true })
    const paths = {} as Record<ServerName, string>
    for (const file of result.outputFiles) {
      const name = SERVERS.find((n) => file.path.endsWith(`/${n}.mjs`))
      if (!name) continue
      writeFileSync(`${file.path}.${process.pid}`, file.contents)
      renameSync(`${file.path}.${process.pid}`, file.path)
      paths[name] = file.path
    }
    return paths
  })()
  return bundled
}

let serverNode = process.execPath

/**
 * Runs the servers started after this call under another `node` binary (the harness,
 * the emulator and the load generator stay on this one): `bench:throughput --node 24`
 * measures the adapters on the Node an app deploys on, with Node 20 as the floor.
 */
export function setServerNode(path: string): void {
  serverNode = path
}

/**
 * Downloads (once) the Node `requested` names (`24`, `22.12.0`) and runs the servers
 * started after this call on it: what `--node <version>` of the server benchmarks does.
 */
export async function selectServerNode(
  requested: string,
): Promise<{ requested: string; version: string; major: string }> {
  if (!/^\d+(\.\d+){0,2}$/.test(requested)) {
    throw new Error(`--node takes a Node version (24, 22.12.0), not "${requested}"`)
  }
  const path = await ensureNode(requested)
  const version = execFileSync(path, ['--version'], { encoding: 'utf8' }).trim().replace(/^v/, '')
  setServerNode(path)
  return { requested, version, major: version.split('.')[0]! }
}

/**
 * Starts `servers/<name>.ts` in its own Node process and waits for its "ready" line.
 * `nodeFlags` go to that Node (V8 logging for bench:process-cost `--feedback`).
 */
export async function startServer(
  name: ServerName,
  env: Record<string, string>,
  options: { pinned?: boolean; nodeFlags?: readonly string[] } = {},
): Promise<ChildProcess> {
  const entry = (await bundleServers())[name]
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server to <dir> when it stops.
  const profile = process.env.BENCH_CPU_PROF
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const argv = [...flags, ...(options.nodeFlags ?? []), entry]
  // This process runs off CPU 0 once pinned, and a child inherits that: widen it again.
  const pin = options.pinned === true && pinning
  const all = `0-${availableParallelism() - 1}`
  const child = spawn(pin ? 'taskset' : serverNode, pin ? ['-c', all, serverNode, ...argv] : argv, {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
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
  // Pinned once up, with all its threads: servers started together load their modules
  // on every core (a second of CPU each), then serve on CPU 0 alone.
  // (`taskset` execs Node in place: the child's pid is the server's.)
  if (pin && child.pid !== undefined) {
    const moved = spawnSync('taskset', ['-a', '-p', '-c', '0', String(child.pid)], {
      stdio: 'ignore',
    })
    if (moved.status !== 0) throw new Error(`could not pin the ${name} server to CPU 0`)
  }
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
