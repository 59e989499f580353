/**
 * `pnpm --filter @kit/bench bench:throughput` (issue 13, targets 1 and 2 for Express and
 * Fastify): the server's cost of a guarded request (valid session, fresh access token),
 * of a public request, and of denied ones (an API request with no credentials: the
 * kit's 401; a browser with no session: its 302 to login) through each adapter, as
 * ratios against the bare framework measured at the same moment on the same CPU, and
 * against express-openid-connect.
 *
 * Scenarios compared with each other (same framework, same route) are measured in
 * turns of half a second each, every server alone on CPU 0, until each has had the
 * full duration: a slow stretch of the virtual machine then falls on all of them alike
 * (`measureInterleaved`). Measured as whole runs one after the other, as this script
 * first did, the no-op controls moved by 5 to 30 % between rounds here. A ratio is the
 * base's server CPU time per request (Linux `/proc`) over the scenario's: the throughput
 * ratio at equal CPU (throughput itself where `/proc` cannot be read). `--side-by-side`
 * runs a group's servers at once on a shared CPU instead (`measureSideBySide`). Each
 * round gives one ratio per scenario; the section reports min / median / max.
 *
 * Controls: each framework with no-op middleware (Express) or hooks (Fastify) of the
 * kit's shape, the floor under the kit's ratio; and the bare framework holding one of
 * `process.nextTick`'s tick objects (`retainNextTickShape`, which every kit app calls),
 * so a bare process that lost nextTick's fast path does not flatter the kit
 * (report.ts tells the story). Writes bench/results/throughput.json and the
 * `throughput` section of docs/benchmarks.md.
 *
 * Server processes differ from each other by more than these targets' margins: nine
 * processes of one Fastify app, three each bare, bare after a `fetch` and kit, measured
 * at the same offered load, spent from 67 to 94 us of CPU per request (Node 24; from 71
 * to 94 on Node 20), with no order between the groups. Much of that spread was the lost
 * `nextTick` shape (report.ts), measured before the kit kept it; the VM's own drift
 * between processes remains. So each scenario has several
 * processes (`--processes`, default 9) and round r measures process r mod n of every
 * scenario of a group: the median over rounds is then over processes too, not one
 * process's luck. With as many rounds as processes (the default: 9 and 9), each round
 * pairs processes no other round measures, so the median is over 9 independent pairs;
 * 5 rounds over 3 processes, the earlier default, measured each pair again and left the
 * median to 3 of them. And a kit process of its own serves the bare app on a second port
 * ("bare, in a kit process", servers/env.ts `twinPort`): a process the kit has been
 * through (mounted, its start-up check, the logins), so the kit's ratio against it is
 * its own per-request work, with what the kit does to a process held equal. That twin
 * once shared the measured kit app's process, where its ratio had no process-to-process
 * spread, but a second Express app in a process makes the first 3-5 % slower on Node 24
 * (bench:process-cost), and a user's kit process holds one app: the measured one no
 * longer pays for the control.
 *
 * Options: --duration <s> per scenario and round (default 4), --connections <n> per
 * server (default 50), --rounds <n> (default 9), --processes <n> per scenario (default
 * 9), --side-by-side, --quick (1 round of 0.5 s, one process: a smoke check, not a
 * measurement), --no-write, --kinds <prefix,...> (only the route kinds starting with
 * one of these, e.g. `--kinds denied` for both denials; printed, never written, since the
 * results files hold whole runs), --node <version> (the servers
 * run on that Node, downloaded and cached by scripts/node-runtime.mjs; results go to
 * bench/results/throughput-node<major>.json and their own section of docs/benchmarks.md,
 * beside Node 20's, which the summary of targets reads), --profile (every server under
 * `--cpu-prof`; the run ends with each app's CPU split between the kit, the app, the
 * framework's packages, Node, the GC and V8, written to the `throughput-profile`
 * section: cpu-profile.ts; the ratios, slowed by the profiler, are neither printed nor
 * written).
 */
import type { ChildProcess } from 'node:child_process'
import { mkdirSync, rmSync } from 'node:fs'
import { get as httpGet } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { type SeedData, startEmulator } from '@kit/emulator'
import { args, option, quick } from './args.js'
import { attributeProfile, pooled, readProfileOf } from './cpu-profile.js'
import { type LoadResult, measure, measureInSlices } from './load.js'
import {
  cpuSecondsOf,
  freePort,
  pinLoadGenerator,
  selectServerNode,
  startServer,
} from './processes.js'
import { type ProfileRow, renderProfileReport } from './profile-report.js'
import { type Row, renderReport } from './report.js'
import {
  machine,
  mean,
  median,
  spread,
  type Target,
  targetFrom,
  writeResults,
  writeSection,
} from './section.js'
import { ALICE, type BenchUser, seedFor, signInChecked } from './session-cookies.js'

const durationSec = option('duration', 4, 0.5)
/** Load before each measured run, so every server is at full speed when measured. */
const warmupSec = quick ? 0.25 : 1
/**
 * Load on every group once before the first round, so no round measures a server still
 * compiling its hot path (side by side, a first round without it found every server at
 * the same cold speed: every ratio near 1). Per process: 2 s, since each measured run
 * has its own second of warm-up too, and at 4 s nine processes would spend 19 minutes
 * (9 x 31 scenarios x 4 s) before the first round.
 */
const firstWarmupSec = quick ? 0 : 2
const connections = option('connections', 50)
const rounds = option('rounds', quick ? 1 : 9)
const processes = option('processes', quick ? 1 : 9)
const pinned = pinLoadGenerator()
const sideBySide = args.includes('--side-by-side')
/** Length of one slice of {@link measureInterleaved}. */
const SLICE_SEC = 0.5
const sessionSecret = 'bench-session-secret-of-at-least-32-chars!'
const nodeAt = args.indexOf('--node')
/** `--node <version>`: the servers' Node, and the name of what this run writes. */
const serverNode =
  nodeAt === -1 ? undefined : await selectServerNode(args[nodeAt + 1] ?? '--node needs a version')
const outputName = serverNode ? `throughput-node${serverNode.major}` : 'throughput'
const kindsAt = args.indexOf('--kinds')
/** `--kinds`: the route kinds (prefixes of them) this run measures; all when absent. */
const kinds = kindsAt === -1 ? undefined : (args[kindsAt + 1] ?? '').split(',').filter(Boolean)
if (kinds?.length === 0) throw new Error('--kinds needs route kinds, e.g. --kinds denied,public')
/**
 * `--profile`: every server runs under `--cpu-prof` and the run ends with where each
 * app's CPU went (cpu-profile.ts), written to its own section; its ratios, slowed by the
 * profiler, are not reported. The profiles go here, emptied first.
 */
const profiling = args.includes('--profile')
const profileDir = fileURLToPath(new URL('../node_modules/.cache/cpu-profiles', import.meta.url))
if (profiling) {
  rmSync(profileDir, { recursive: true, force: true })
  mkdirSync(profileDir, { recursive: true })
  process.env.BENCH_CPU_PROF = profileDir
}
/** A run of some kinds only is printed, not written over the whole run's results. */
const write = !args.includes('--no-write') && kinds === undefined && !profiling

type Framework = 'express' | 'fastify'
type Mode = 'bare' | 'noop' | 'kit' | 'eoc'
interface App {
  framework: Framework
  mode: Mode
  label: string
  /** Holds a tick object, as the kit's adapters do (servers/env.ts `keepTickShape`). */
  keepTickShape?: boolean
  /**
   * Served by a kit process on a second port ({@link TWIN}): that process's kit app (its
   * "host") listens and is signed into, but is never measured.
   */
  inKitProcess?: boolean
}
/** The bare app holding a tick object, as every kit app does. */
const KEPT = 'bare, nextTick shape kept'
/**
 * The bare app served by a kit process (servers/env.ts `twinPort`) that is not the
 * measured kit app's: see the module comment.
 */
const TWIN = 'bare, in a kit process'
/** The route kind of an API request with no credentials on a guarded route (a 401). */
const DENIED_KIND = 'denied (API, no credentials)'
/** The route kind of a browser's page load with no session on a guarded route (a 302). */
const BROWSER_DENIED_KIND = 'denied (browser, no session)'
/** An API client's request: JSON, no credentials. */
const API_CALL = { accept: 'application/json' }
/** A browser's page load, as its fetch metadata says (a navigation asking for HTML). */
const PAGE_LOAD = { accept: 'text/html', 'sec-fetch-mode': 'navigate' }
/** Each app under test: the kit's adapter, the bare framework, its controls, and peers. */
const apps: App[] = [
  { framework: 'express', mode: 'bare', label: 'bare' },
  { framework: 'express', mode: 'bare', label: KEPT, keepTickShape: true },
  { framework: 'express', mode: 'noop', label: 'bare + no-op middleware' },
  { framework: 'express', mode: 'bare', label: TWIN, inKitProcess: true },
  { framework: 'express', mode: 'kit', label: 'kit' },
  { framework: 'express', mode: 'eoc', label: 'express-openid-connect' },
  { framework: 'fastify', mode: 'bare', label: 'bare' },
  { framework: 'fastify', mode: 'bare', label: KEPT, keepTickShape: true },
  { framework: 'fastify', mode: 'noop', label: 'bare + no-op hooks' },
  { framework: 'fastify', mode: 'bare', label: TWIN, inKitProcess: true },
  { framework: 'fastify', mode: 'kit', label: 'kit' },
]
/** The key of the bare app served by `framework`'s twin host ({@link TWIN}). */
const twinKeyOf = (framework: Framework) => `${framework}-twin`
/** The key of the kit app beside the twin: listening, signed into, never measured. */
const twinHostOf = (framework: Framework) => `${framework}-twin-host`
const keyOf = (app: App) =>
  app.inKitProcess
    ? twinKeyOf(app.framework)
    : `${app.framework}-${app.mode}${app.keepTickShape ? '-kept' : ''}`

/**
 * A user whose session needs two cookies (`kit_session.0` and `.1`): a B2B role with
 * many permissions, as an admin of a large product has. Permissions travel in the
 * tokens the session holds: 50 of them make it about 6 KB, two cookies within the
 * default budget (`session.maxChunks: 2`), so it takes the chunked path on every request.
 */
const CHUNKED_USER: BenchUser = { id: 'usr_bench_chunked', email: 'dana@acme.test' }
const MANY_PERMISSIONS = Array.from(
  { length: 50 },
  (_, i) => `reports:${String(i).padStart(3, '0')}:export-quarterly`,
)

/** The bench seed (session-cookies.ts) plus {@link CHUNKED_USER} and its many-permissions role. */
function withChunkedUser(seed: SeedData): SeedData {
  const organizations = (seed.organizations ?? []).map((org) =>
    org.id === 'org_acme'
      ? {
          ...org,
          users: [
            ...(org.users ?? []),
            { ...CHUNKED_USER, first_name: 'Dana', last_name: 'Auditor', roles: ['auditor'] },
          ],
        }
      : org,
  )
  return {
    ...seed,
    permissions: [
      ...(seed.permissions ?? []),
      ...MANY_PERMISSIONS.map((name) => ({ name, description: 'Export a quarterly report' })),
    ],
    roles: [
      ...(seed.roles ?? []),
      {
        name: 'auditor',
        display_name: 'Auditor',
        description: 'Exports every report',
        extends: 'member',
        permissions: MANY_PERMISSIONS,
      },
    ],
    organizations,
  }
}

/** The key of process `copy` (0 to `processes` - 1) of the app whose key is `key`. */
const copyOf = (key: string, copy: number) => (copy === 0 ? key : `${key}#${copy}`)
const copies = Array.from({ length: processes }, (_, copy) => copy)
const signsIn = (app: App) => app.mode === 'kit' || app.mode === 'eoc'

const ports: Record<string, number> = {}
for (const app of apps) {
  for (const copy of copies) {
    ports[copyOf(keyOf(app), copy)] = await freePort()
    if (app.inKitProcess) ports[copyOf(twinHostOf(app.framework), copy)] = await freePort()
  }
}
/** The kit apps the environment must know (their redirect URIs): measured, or twin hosts. */
const kitKeysOf = (app: App) =>
  app.inKitProcess ? [twinHostOf(app.framework)] : signsIn(app) ? [keyOf(app)] : []
const urlOf = (key: string) => `http://localhost:${ports[key]}`

const emulator = await startEmulator({
  port: await freePort(),
  dbPath: ':memory:',
  seed: withChunkedUser(
    seedFor(
      apps.flatMap((a) =>
        kitKeysOf(a).flatMap((key) => copies.map((copy) => urlOf(copyOf(key, copy)))),
      ),
    ),
  ),
  log: false,
})
const children: ChildProcess[] = []
const pids: Record<string, number | undefined> = {}
const stopAll = async () => {
  // A server writes its CPU profile as it exits: wait for that (bounded).
  const exited = children.map((child) =>
    child.exitCode !== null || child.signalCode !== null
      ? undefined
      : new Promise<void>((done) => child.once('exit', () => done())),
  )
  for (const child of children) child.kill('SIGTERM')
  await emulator.stop()
  await Promise.race([Promise.all(exited), sleep(60_000, undefined, { ref: false })])
}

const command = `pnpm --filter @kit/bench bench:throughput${quick ? ' --quick' : ''}${sideBySide ? ' --side-by-side' : ''} --duration ${durationSec} --connections ${connections} --rounds ${rounds} --processes ${processes}${kinds ? ` --kinds ${kinds.join(',')}` : ''}${serverNode ? ` --node ${serverNode.requested}` : ''}${profiling ? ' --profile' : ''}`

try {
  const cookies: Record<string, string> = {}
  // One process of every app at a time, those started together (each spends a second or
  // two loading modules); each joins `children` as soon as it is up, so a failed start
  // still stops the others. Under the profiler a server loads several times slower, and
  // eleven together outlast startServer's 30 s on two cores: one at a time then.
  for (const copy of copies) {
    const start = async (app: App) => {
      const key = copyOf(keyOf(app), copy)
      // A twin is served by a kit process of its own, whose kit app is its host.
      const host = app.inKitProcess ? copyOf(twinHostOf(app.framework), copy) : undefined
      const child = await startServer(
        app.framework,
        {
          BENCH_MODE: host ? 'kit' : app.mode,
          BENCH_KEEP_TICK_SHAPE: app.keepTickShape ? '1' : '0',
          PORT: String(ports[host ?? key]),
          KIT_ENVIRONMENT_URL: emulator.url,
          KIT_CLIENT_ID: emulator.clientId,
          KIT_CLIENT_SECRET: emulator.clientSecret,
          KIT_SESSION_SECRET: sessionSecret,
          ...(host ? { BENCH_TWIN_PORT: String(ports[key]) } : {}),
        },
        { pinned: true },
      )
      children.push(child)
      pids[key] = child.pid
    }
    if (profiling) for (const app of apps) await start(app)
    else await Promise.all(apps.map(start))
  }
  // The twin hosts too, so a twin's process has made the kit's logins, as the kit's has.
  const signedIn = apps.flatMap((app) =>
    kitKeysOf(app).flatMap((key) =>
      copies.map((copy) => ({
        key: copyOf(key, copy),
        kit: app.mode === 'kit' || app.inKitProcess === true,
      })),
    ),
  )
  // A real login through the emulator's pages gives each app a real session. Again before
  // every group of every round: a session cookie older than the kit's touch interval
  // (5 minutes) is renewed on each request that carries it, and a browser would store the
  // renewed cookie where autocannon keeps sending the old one. A group lasts a minute or
  // two; a round, with several processes per scenario, can outlast the interval (the
  // first 3-process run signed in once per round, and its first round's kit requests
  // all paid a renewal: 3 x the CPU of the others).
  const signInAll = async () => {
    for (const { key, kit } of signedIn) {
      cookies[key] = await signInChecked(urlOf(key), ALICE)
      if (!kit) continue
      const chunked = await signInChecked(urlOf(key), CHUNKED_USER)
      if (!/(^|; )kit_session\.1=/.test(chunked)) {
        throw new Error(
          `${key}: the many-permissions session is not chunked (${chunked.length} bytes)`,
        )
      }
      cookies[`${key}:chunked`] = chunked
    }
  }

  const allScenarios = apps.flatMap((app) => {
    const key = keyOf(app)
    // The bare app gets the kit's cookie too: same bytes on the wire, so the ratio is
    // the kit's own work, not the cost of a larger request.
    const cookieOf = (copy: number) =>
      cookies[
        copyOf(app.mode === 'bare' || app.mode === 'noop' ? `${app.framework}-kit` : key, copy)
      ]
    const route = (kind: string) => ({
      kind,
      framework: app.framework,
      name: `${kind}, ${app.label}`,
      base: `${kind}, bare`,
      keptBase: `${kind}, ${KEPT}`,
      twinBase: app.mode === 'kit' ? `${kind}, ${TWIN}` : undefined,
      key,
      /** Scenarios of one group run side by side. */
      group: `${app.framework} ${kind}`,
    })
    return [
      { ...route('guarded'), path: '/dashboard', cookieOf },
      // The many-permissions session, through the kit and its controls only.
      ...(app.mode === 'eoc'
        ? []
        : [
            {
              ...route('guarded, 2-cookie session'),
              path: '/dashboard',
              cookieOf: (copy: number) =>
                cookies[`${copyOf(`${app.framework}-kit`, copy)}:chunked`],
            },
          ]),
      { ...route('public'), path: '/', cookieOf: () => undefined },
      // An API request with no credentials on the guarded route: the kit's 401, against
      // the bare apps' `/denied`, which sends the same bytes (checked below). Not for the
      // peer, whose guard redirects every request to its login instead.
      ...(app.mode === 'eoc'
        ? []
        : [
            {
              ...route(DENIED_KIND),
              path: app.mode === 'kit' ? '/dashboard' : '/denied',
              cookieOf: () => undefined,
              headers: API_CALL,
              denial: true,
            },
            // A page load with no session: the kit's 302 to login with `returnTo`, against
            // the bare apps' own redirect built from the request URL (`/account` on both).
            {
              ...route(BROWSER_DENIED_KIND),
              path: '/account',
              cookieOf: () => undefined,
              headers: PAGE_LOAD,
              denial: true,
            },
          ]),
    ]
  })
  const scenarios = allScenarios.filter(
    (s) => kinds === undefined || kinds.some((k) => s.kind.startsWith(k)),
  )
  if (scenarios.length === 0) throw new Error(`--kinds ${kinds?.join(',')} matches no route kind`)
  await checkDeniedAlike(urlOf, scenarios)

  const samples = new Map<string, LoadResult[]>()
  /** Server CPU per request (us) and the share of a CPU it used, per round, where readable. */
  const cpu = new Map<string, { micros: number; busy: number }[]>()
  const groups = new Map<string, typeof scenarios>()
  for (const s of scenarios) {
    groups.set(s.group, [...(groups.get(s.group) ?? []), s])
  }
  for (let round = firstWarmupSec > 0 ? -1 : 0; round < rounds; round++) {
    for (const group of groups.values()) {
      await signInAll()
      const runsOf = (copy: number) =>
        group.map((s): Run => {
          const cookie = s.cookieOf(copy)
          return {
            id: `${s.framework}/${s.name}`,
            url: `${urlOf(copyOf(s.key, copy))}${s.path}`,
            headers: { ...('headers' in s ? s.headers : {}), ...(cookie ? { cookie } : {}) },
            pid: pids[copyOf(s.key, copy)],
            denial: 'denial' in s,
          }
        })
      if (round < 0) {
        for (const copy of copies) {
          await (sideBySide ? measureSideBySide : measureInterleaved)(
            runsOf(copy),
            firstWarmupSec,
            0,
          )
        }
        continue
      }
      const runs = runsOf(round % processes)
      const measured = await (sideBySide ? measureSideBySide : measureInterleaved)(
        runs,
        durationSec,
        warmupSec,
      )
      runs.forEach((r, i) => {
        const { result, cpuSeconds, elapsed } = measured[i]!
        if (cpuSeconds !== undefined && result.requests > 0) {
          cpu.set(r.id, [
            ...(cpu.get(r.id) ?? []),
            { micros: (cpuSeconds * 1e6) / result.requests, busy: cpuSeconds / elapsed },
          ])
        }
        // A denial scenario must be denied every time; every other must never be.
        const unexpected = r.denial ? result.requests - result.non2xx : result.non2xx
        if (unexpected > 0 || result.errors > 0) {
          throw new Error(
            `${r.id}: ${result.non2xx} non-2xx answers of ${result.requests}, ${result.errors} errors`,
          )
        }
        samples.set(r.id, [...(samples.get(r.id) ?? []), result])
      })
      process.stdout.write(
        `${runs.map((r, i) => `${r.id}: ${Math.round(measured[i]!.result.requestsPerSec)} req/s`).join(' | ')}\n`,
      )
    }
  }

  const rps = (framework: Framework, name: string) =>
    (samples.get(`${framework}/${name}`) ?? []).map((r) => r.requestsPerSec)
  const micros = (framework: Framework, name: string) =>
    (cpu.get(`${framework}/${name}`) ?? []).map((c) => c.micros)
  /**
   * One ratio per round of `name` to `base` (both measured side by side): the base's CPU
   * per request over the scenario's, or their throughputs where /proc was unreadable.
   */
  const ratios = (framework: Framework, name: string, base: string): number[] => {
    const [cost, baseCost] = [micros(framework, name), micros(framework, base)]
    return cost.length === rounds && baseCost.length === rounds
      ? perRound(baseCost, cost)
      : perRound(rps(framework, name), rps(framework, base))
  }
  const rows: Row[] = scenarios.map((s) => {
    const list = samples.get(`${s.framework}/${s.name}`) ?? []
    const toBare = ratios(s.framework, s.name, s.base)
    return {
      framework: s.framework,
      scenario: s.name,
      requestsPerSec: mean(list.map((r) => r.requestsPerSec)),
      ratio: median(toBare),
      min: Math.min(...toBare),
      max: Math.max(...toBare),
      keptRatio: median(ratios(s.framework, s.name, s.keptBase)),
      twin: s.twinBase === undefined ? undefined : spread(ratios(s.framework, s.name, s.twinBase)),
      p50: mean(list.map((r) => r.latencyP50Ms)),
      p99: mean(list.map((r) => r.latencyP99Ms)),
      ...cpuColumns(cpu.get(`${s.framework}/${s.name}`)),
    }
  })
  const target = (
    id: number,
    label: string,
    goal: number,
    [framework, name, base]: [Framework, string, string],
    unit: string,
  ): Target | undefined =>
    ![name, base].every((n) => scenarios.some((s) => s.framework === framework && s.name === n))
      ? undefined
      : targetFrom({
          id,
          label,
          goal,
          unit: `x ${unit}`,
          values: ratios(framework, name, base),
          controls: controlsOf(framework, name, base),
        })
  /**
   * A kit scenario's row read against the two controls that bare processes' spread cannot
   * move (see the section's text), for a target against its own bare app: read only
   * against plain bare, it can look met because that run's bare processes were slow.
   */
  const controlsOf = (framework: Framework, name: string, base: string): string | undefined => {
    const at = scenarios.findIndex((s) => s.framework === framework && s.name === name)
    const { keptRatio, twin } = rows[at] ?? {}
    if (scenarios[at]?.base !== base || keptRatio === undefined || twin === undefined) return
    return `${keptRatio.toFixed(3)} x bare, nextTick shape kept; ${twin.median.toFixed(3)} x bare in a kit process`
  }
  const targets = [
    target(
      1,
      'public route, Express',
      0.97,
      ['express', 'public, kit', 'public, bare'],
      'bare Express',
    ),
    target(
      1,
      'public route, Fastify',
      0.97,
      ['fastify', 'public, kit', 'public, bare'],
      'bare Fastify',
    ),
    target(
      2,
      'guarded route, Express',
      0.92,
      ['express', 'guarded, kit', 'guarded, bare'],
      'bare Express',
    ),
    target(
      2,
      'guarded route, Fastify',
      0.92,
      ['fastify', 'guarded, kit', 'guarded, bare'],
      'bare Fastify',
    ),
    target(
      2,
      'guarded route, Express, against the peer',
      3,
      ['express', 'guarded, kit', 'guarded, express-openid-connect'],
      'express-openid-connect requiresAuth',
    ),
  ].filter((t) => t !== undefined)
  const info = { ...machine(), ...(serverNode ? { node: serverNode.version } : {}) }
  const report = renderReport(rows, targets, {
    ...info,
    serverNode: serverNode?.version,
    command,
    rounds,
    processes,
    pinned,
    method: sideBySide ? 'side-by-side' : 'interleaved',
  })
  // Under the profiler the servers' CPU per request says more about the profiler.
  if (!profiling) process.stdout.write(`\n${report}`)
  if (write) {
    writeResults(outputName, {
      command,
      ...info,
      durationSec,
      connections,
      rounds,
      processes,
      pinned,
      method: sideBySide ? 'side-by-side' : 'interleaved',
      targets,
      scenarios: scenarios.map((s) => ({
        framework: s.framework,
        scenario: s.name,
        requestsPerSec: rps(s.framework, s.name),
        serverCpu: cpu.get(`${s.framework}/${s.name}`) ?? [],
      })),
    })
    writeSection(outputName, report)
  }
} finally {
  await stopAll()
}
if (profiling) reportProfiles()

/**
 * `--profile`: each app's processes' profiles, split by owner and added up, printed and
 * written as the `throughput-profile` section (Node 20) or `throughput-profile-node<major>`.
 */
function reportProfiles() {
  const roleOf = (app: App): ProfileRow['role'] =>
    app.mode === 'kit'
      ? 'kit'
      : app.inKitProcess
        ? 'twin'
        : app.mode === 'bare' && !app.keepTickShape
          ? 'bare'
          : 'other'
  const rows: ProfileRow[] = apps.map((app) => {
    const found = copies
      .map((copy) => pids[copyOf(keyOf(app), copy)])
      .map((pid) => (pid === undefined ? undefined : readProfileOf(profileDir, pid)))
      .filter((profile) => profile !== undefined)
    return {
      framework: app.framework,
      app: app.label,
      role: roleOf(app),
      processes: found.length,
      attribution: pooled(found.map((profile) => attributeProfile(profile))),
    }
  })
  const name = serverNode ? `throughput-profile-node${serverNode.major}` : 'throughput-profile'
  const report = renderProfileReport(rows, {
    ...machine(),
    ...(serverNode ? { node: serverNode.version } : {}),
    command,
    kinds: (kinds ?? ['all']).join(', '),
  })
  process.stdout.write(`\n${report}`)
  if (args.includes('--no-write')) return
  writeResults(name, { command, ...machine(), apps: rows })
  writeSection(name, report)
}

/** One server under load in a group of scenarios compared with each other. */
interface Run {
  id: string
  url: string
  headers: Record<string, string>
  pid: number | undefined
  /** Every answer is a denial (a 401 or a 302 to login): the `denied` scenarios. */
  denial?: boolean
}

/**
 * Throws unless each framework's kit denies with the same status, headers and body as
 * the bare apps: an API request with no credentials on its guarded route as their
 * `/denied` (servers/env.ts `DENIED`), a browser on `/account` as theirs (the login URL's
 * origin aside, which is each process's own), so the `denied` rows compare the same
 * bytes.
 */
async function checkDeniedAlike(
  urlOf: (key: string) => string,
  scenarios: readonly DenialCandidate[],
): Promise<void> {
  /** `origin`: the app's own, which its login URL carries (its host's for a twin). */
  const answer = async (
    server: string,
    path: string,
    headers: Record<string, string>,
    origin = server,
  ) => {
    const res = await getAsSent(server + path, headers)
    const pick = [
      'content-type',
      'content-length',
      'cache-control',
      'www-authenticate',
      'transfer-encoding',
    ]
    return {
      status: res.status,
      headers: Object.fromEntries(pick.map((name) => [name, res.headers[name] ?? null])),
      location: res.headers['location']?.replace(origin, '<origin>') ?? null,
      body: res.body,
    }
  }
  // The denial scenarios themselves say what to request: a check cannot drift from them.
  const denials = scenarios.filter((s) => s.denial === true)
  for (const kit of denials.filter((s) => s.key === `${s.framework}-kit`)) {
    const kitUrl = urlOf(kit.key)
    const expected = await answer(kitUrl, kit.path, kit.headers ?? {})
    const twin = twinKeyOf(kit.framework)
    for (const bare of denials.filter(
      (s) => s.kind === kit.kind && (s.key === `${kit.framework}-bare` || s.key === twin),
    )) {
      // The twin is served by its host's process: its login URL is on the host's origin.
      const origin = bare.key === twin ? urlOf(twinHostOf(kit.framework)) : urlOf(bare.key)
      const got = await answer(urlOf(bare.key), bare.path, bare.headers ?? {}, origin)
      if (JSON.stringify(expected) !== JSON.stringify(got)) {
        throw new Error(
          `${kit.framework}, ${kit.kind}: the kit's answer and ${bare.key}'s differ: ${JSON.stringify(expected)} vs ${JSON.stringify(got)}`,
        )
      }
    }
  }
}

/** What {@link checkDeniedAlike} reads of a scenario. */
interface DenialCandidate {
  kind: string
  framework: Framework
  key: string
  path: string
  headers?: Record<string, string>
  /** Set on the `denied` scenarios, whose every answer is a denial. */
  denial?: boolean
}

/**
 * A GET with exactly these headers, as autocannon sends them: `fetch` would replace
 * `Sec-Fetch-Mode` with its own `cors`, which makes any request an API one to the kit.
 */
function getAsSent(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { headers, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => {
        const single = Object.entries(res.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : value,
        ])
        resolve({ status: res.statusCode ?? 0, headers: Object.fromEntries(single), body })
      })
      res.on('error', reject)
    })
    req.on('error', reject)
  })
}

/** What one run of a group measured: its load result, and its server's CPU seconds. */
interface Measured {
  result: LoadResult
  /** Server CPU time used while under this load; undefined where /proc is unreadable. */
  cpuSeconds: number | undefined
  /** Seconds under load. */
  elapsed: number
}

/**
 * The default method: each server alone on its CPU, in slices of half a second taken in
 * turn (order reversed every other pass) until each has had `durationSec`. A drift of
 * the machine's speed lasting seconds then falls on every server alike.
 */
async function measureInterleaved(
  runs: readonly Run[],
  durationSec: number,
  warmupSec: number,
): Promise<Measured[]> {
  for (const r of runs) {
    if (warmupSec > 0)
      await measure(r.url, { headers: r.headers, durationSec: warmupSec, connections })
  }
  const slices = Math.max(1, Math.round(durationSec / SLICE_SEC))
  const totals = await measureInSlices(runs, { slices, sliceSec: SLICE_SEC, connections })
  const elapsed = slices * SLICE_SEC
  return totals.map((t) => ({
    result: {
      requestsPerSec: t.requests / elapsed,
      requests: t.requests,
      latencyP50Ms: t.p50,
      latencyP99Ms: t.p99,
      non2xx: t.non2xx,
      errors: t.errors,
    },
    cpuSeconds: t.cpu,
    elapsed,
  }))
}

/**
 * `--side-by-side`: every server of the group under load at once, sharing CPU 0. Steadier
 * against drift than one after the other, but the servers also share the CPU's caches,
 * and that costs the server with the larger working set (the kit's) more than the bare
 * one: a pessimistic method, kept for comparison (docs/benchmarks.md).
 */
async function measureSideBySide(
  runs: readonly Run[],
  durationSec: number,
  warmupSec: number,
): Promise<Measured[]> {
  const load = (seconds: number) =>
    Promise.all(
      runs.map((r) => measure(r.url, { headers: r.headers, durationSec: seconds, connections })),
    )
  if (warmupSec > 0) await load(warmupSec)
  const before = runs.map((r) => cpuSecondsOf(r.pid))
  const started = performance.now()
  const results = await load(durationSec)
  const elapsed = (performance.now() - started) / 1000
  return runs.map((r, i) => {
    const [b, a] = [before[i], cpuSecondsOf(r.pid)]
    return {
      result: results[i]!,
      cpuSeconds: b === undefined || a === undefined ? undefined : a - b,
      elapsed,
    }
  })
}

/** Ratio of each round's value to the same round's base: both were measured side by side. */
function perRound(values: number[], base: number[]): number[] {
  return values.map((v, i) => v / (base[i] ?? Number.NaN))
}

/** The CPU column of a row: the mean over the rounds, or nothing where /proc was unreadable. */
function cpuColumns(list: { micros: number; busy: number }[] | undefined) {
  if (list === undefined || list.length === 0) return {}
  return { cpuMicros: mean(list.map((c) => c.micros)) }
}
