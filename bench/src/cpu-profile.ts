/**
 * Where a server's CPU went while it served, read from the V8 CPU profile Node writes
 * with `--cpu-prof` (`bench:throughput --profile`). Each sample is charged to the code
 * that owns the innermost JavaScript frame of its stack: the kit (its packages, bundled
 * into the bench server from their sources), the bench app's own handlers, the packages
 * under node_modules (the framework and what it loads), Node's own JavaScript (HTTP,
 * streams, sockets, events), the garbage collector, or V8 itself ("(program)"). A
 * native function (a `writev`, a `Map` lookup) is charged to the JavaScript that called
 * it. Start-up is left out: the serving part starts at the first sample taken while
 * Node's HTTP server handles a request (the first request; a sign-in for the kit's apps).
 *
 * Ratios of throughput say how much slower a kit process is; this says how much of its
 * time the kit's code itself took, which no process history and no noisy neighbour can
 * move by more than the profiler's sampling error.
 */
import { readdirSync, readFileSync } from 'node:fs'

/** The parts of a `.cpuprofile` (Chrome DevTools' format) this module reads. */
export interface CpuProfile {
  nodes: {
    id: number
    callFrame: { functionName: string; url: string }
    children?: number[]
  }[]
  samples: number[]
  /** Microseconds since the previous sample, one per sample. */
  timeDeltas: number[]
}

/** Who a sample's time is charged to. */
export type Owner = 'kit' | 'app' | 'packages' | 'node' | 'gc' | 'v8'

/** The owners in the order the tables show them. */
export const OWNERS: readonly Owner[] = ['kit', 'app', 'packages', 'node', 'gc', 'v8']

/** One process's serving time, split by owner. */
export interface Attribution {
  /** CPU time sampled while serving (idle excluded), in microseconds. */
  servingMicros: number
  byOwner: Record<Owner, number>
  /** The kit's time by function name (its own frames, natives it called included). */
  kitFunctions: Record<string, number>
  /** The packages' time by package name (`express`, `router`, `fastify`, ...). */
  packages: Record<string, number>
}

/**
 * The bench servers' own functions on the request path (servers/express.ts and
 * servers/fastify.ts): their route handlers and no-op middleware. Every other function
 * of a server bundle that runs while serving is the kit's.
 */
export const APP_FUNCTIONS: ReadonlySet<string> = new Set([
  'dashboard',
  'bareDashboard',
  'bareDenied',
  'bareLoginRedirect',
  'home',
  'pass',
  'eocDashboard',
])

/** The URL fragment of the bundled bench servers (processes.ts `bundleServers`). */
const BUNDLE = '/bench-servers/'
/**
 * Where Node's HTTP server hands a parsed request to the app: the first sample under it
 * starts the serving part. (Not just any frame of that module: its top-level code runs
 * when the server's modules load.)
 */
const HTTP_SERVER = 'node:_http_server'
const ON_REQUEST = 'parserOnIncoming'

/**
 * Splits one profile's serving time by owner (see the module comment).
 *
 * @example
 * ```ts
 * const { byOwner, servingMicros } = attributeProfile(readProfileOf(dir, pid)!)
 * byOwner.kit / servingMicros // the kit's share of the server's CPU
 * ```
 */
export function attributeProfile(profile: CpuProfile): Attribution {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]))
  const parentOf = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parentOf.set(child, node.id)

  // Each profile node's owner (and, for the kit and packages, the name it is charged
  // to), found once: samples repeat the same few hundred nodes.
  const charged = new Map<number, { owner: Owner; name: string; inServer: boolean }>()
  const chargeOf = (id: number) => {
    let known = charged.get(id)
    if (known !== undefined) return known
    const leaf = frames.get(id)!
    let owner: Owner = 'v8'
    let name = leaf.functionName
    if (leaf.functionName === '(garbage collector)') owner = 'gc'
    else if (leaf.functionName !== '(program)' && leaf.functionName !== '(root)') {
      for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
        const frame = frames.get(at)!
        if (frame.url === '') continue
        name = frame.functionName || '(anonymous)'
        if (frame.url.includes(BUNDLE))
          owner = APP_FUNCTIONS.has(frame.functionName) ? 'app' : 'kit'
        else if (frame.url.includes('/node_modules/')) {
          owner = 'packages'
          name = packageOf(frame.url)
        } else owner = 'node'
        break
      }
    }
    let inServer = false
    for (let at: number | undefined = id; at !== undefined && !inServer; at = parentOf.get(at)) {
      const frame = frames.get(at)!
      inServer = frame.url === HTTP_SERVER && frame.functionName === ON_REQUEST
    }
    known = { owner, name, inServer }
    charged.set(id, known)
    return known
  }

  const result = emptyAttribution()
  let serving = false
  profile.samples.forEach((id, i) => {
    if (frames.get(id)?.functionName === '(idle)') return
    const { owner, name, inServer } = chargeOf(id)
    serving ||= inServer
    if (!serving) return
    const micros = profile.timeDeltas[i] ?? 0
    result.servingMicros += micros
    result.byOwner[owner] += micros
    if (owner === 'kit') addTo(result.kitFunctions, name, micros)
    if (owner === 'packages') addTo(result.packages, name, micros)
  })
  return result
}

/** `express` from `.../node_modules/.pnpm/express@5.1.0/node_modules/express/lib/x.js`. */
function packageOf(url: string): string {
  const rest = url.slice(url.lastIndexOf('/node_modules/') + '/node_modules/'.length)
  const parts = rest.split('/')
  return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
}

function addTo(record: Record<string, number>, name: string, micros: number): void {
  record[name] = (record[name] ?? 0) + micros
}

function emptyAttribution(): Attribution {
  return {
    servingMicros: 0,
    byOwner: { kit: 0, app: 0, packages: 0, node: 0, gc: 0, v8: 0 },
    kitFunctions: {},
    packages: {},
  }
}

/** Several processes' attributions added up (the processes of one scenario). */
export function pooled(attributions: readonly Attribution[]): Attribution {
  const total = emptyAttribution()
  for (const a of attributions) {
    total.servingMicros += a.servingMicros
    for (const owner of OWNERS) total.byOwner[owner] += a.byOwner[owner]
    for (const [name, micros] of Object.entries(a.kitFunctions))
      addTo(total.kitFunctions, name, micros)
    for (const [name, micros] of Object.entries(a.packages)) addTo(total.packages, name, micros)
  }
  return total
}

/**
 * The profile Node wrote for process `pid` in `dir` (`CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile`),
 * or undefined when there is none.
 */
export function readProfileOf(dir: string, pid: number): CpuProfile | undefined {
  const file = readdirSync(dir).find(
    (name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid),
  )
  return file === undefined
    ? undefined
    : (JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as CpuProfile)
}

/** The `count` largest entries of a name-to-microseconds record, largest first. */
export function largest(record: Record<string, number>, count: number): [string, number][] {
  return Object.entries(record)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
}
