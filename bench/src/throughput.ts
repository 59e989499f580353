/**
 * `pnpm --filter @kit/bench bench:throughput` (issue 13, targets 1 and 2 for Express and
 * Fastify): throughput of a guarded request (valid session, fresh access token) and of a
 * public request through each adapter, as ratios against the bare framework measured in
 * the same run on the same machine, and against express-openid-connect. Each round
 * measures every scenario once (the order alternates between rounds); a target's ratio
 * is taken per round, and the section reports its min / median / max. Each framework
 * also runs with no-op middleware (Express) or hooks (Fastify) of the kit's shape: the
 * floor under the kit's ratio. The server's CPU time per request is read from /proc
 * (Linux) beside the throughput. The servers run on CPU 0 and the load generator on
 * the others (see `pinLoadGenerator`). Writes
 * bench/results/throughput.json and the `throughput` section of docs/benchmarks.md.
 *
 * Options: --duration <s> (default 4), --connections <n> (default 50), --rounds <n>
 * (default 5), --quick (1 round of 0.5 s: a smoke check, not a measurement), --no-write.
 */
import type { ChildProcess } from 'node:child_process'
import { type SeedData, startEmulator } from '@kit/emulator'
import { args, option, quick } from './args.js'
import { type LoadResult, measure } from './load.js'
import { cpuSecondsOf, freePort, pinLoadGenerator, startServer } from './processes.js'
import { type Row, renderReport } from './report.js'
import { machine, median, type Target, targetFrom, writeResults, writeSection } from './section.js'
import { ALICE, type BenchUser, seedFor, signInChecked } from './session-cookies.js'

const durationSec = option('duration', 4, 0.5)
/** Load before each measured run, so every server is at full speed when measured. */
const warmupSec = quick ? 0.25 : 1
const connections = option('connections', 50)
const rounds = option('rounds', quick ? 1 : 5)
const pinned = pinLoadGenerator()
const sessionSecret = 'bench-session-secret-of-at-least-32-chars!'

type Framework = 'express' | 'fastify'
type Mode = 'bare' | 'noop' | 'kit' | 'eoc'
/** Each app under test: the kit's adapter, the bare framework, and peers. */
const apps: { framework: Framework; mode: Mode; label: string }[] = [
  { framework: 'express', mode: 'bare', label: 'bare' },
  { framework: 'express', mode: 'noop', label: 'bare + no-op middleware' },
  { framework: 'express', mode: 'kit', label: 'kit' },
  { framework: 'express', mode: 'eoc', label: 'express-openid-connect' },
  { framework: 'fastify', mode: 'bare', label: 'bare' },
  { framework: 'fastify', mode: 'noop', label: 'bare + no-op hooks' },
  { framework: 'fastify', mode: 'kit', label: 'kit' },
]
const keyOf = (app: { framework: Framework; mode: Mode }) => `${app.framework}-${app.mode}`

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

const ports: Record<string, number> = {}
for (const app of apps) ports[keyOf(app)] = await freePort()
const urlOf = (key: string) => `http://localhost:${ports[key]}`

const emulator = await startEmulator({
  port: 0,
  dbPath: ':memory:',
  seed: withChunkedUser(
    seedFor(apps.filter((a) => a.mode === 'kit' || a.mode === 'eoc').map((a) => urlOf(keyOf(a)))),
  ),
  log: false,
})
const children: ChildProcess[] = []
const pids: Record<string, number | undefined> = {}
const stopAll = async () => {
  for (const child of children) child.kill('SIGTERM')
  await emulator.stop()
}

try {
  const cookies: Record<string, string> = {}
  // Started together (each spends a second or two loading modules); each joins
  // `children` as soon as it is up, so a failed start still stops the others.
  await Promise.all(
    apps.map(async (app) => {
      const child = await startServer(
        app.framework,
        {
          BENCH_MODE: app.mode,
          PORT: String(ports[keyOf(app)]),
          KIT_ENVIRONMENT_URL: emulator.url,
          KIT_CLIENT_ID: emulator.clientId,
          KIT_CLIENT_SECRET: emulator.clientSecret,
          KIT_SESSION_SECRET: sessionSecret,
        },
        { pinned: true },
      )
      children.push(child)
      pids[keyOf(app)] = child.pid
    }),
  )
  const signedIn = apps.filter((app) => app.mode === 'kit' || app.mode === 'eoc').map(keyOf)
  // A real login through the emulator's pages gives each app a real session. Again before
  // every round: a session cookie older than the kit's touch interval (5 minutes) is
  // renewed on each request that carries it, and a browser would store the renewed cookie
  // where autocannon keeps sending the old one. A round is shorter than the interval.
  const signInAll = async () => {
    for (const key of signedIn) {
      cookies[key] = await signInChecked(urlOf(key), ALICE)
      if (!key.endsWith('-kit')) continue
      const chunked = await signInChecked(urlOf(key), CHUNKED_USER)
      if (!/(^|; )kit_session\.1=/.test(chunked)) {
        throw new Error(
          `${key}: the many-permissions session is not chunked (${chunked.length} bytes)`,
        )
      }
      cookies[`${key}:chunked`] = chunked
    }
  }
  await signInAll()

  const scenarios = apps.flatMap((app) => {
    const key = keyOf(app)
    // The bare app gets the kit's cookie too: same bytes on the wire, so the ratio is
    // the kit's own work, not the cost of a larger request.
    const cookieOf = () =>
      cookies[app.mode === 'bare' || app.mode === 'noop' ? `${app.framework}-kit` : key]
    return [
      {
        framework: app.framework,
        name: `guarded, ${app.label}`,
        base: `guarded, bare`,
        key,
        path: '/dashboard',
        cookieOf,
      },
      // The many-permissions session, through the kit and its controls only.
      ...(app.mode === 'eoc'
        ? []
        : [
            {
              framework: app.framework,
              name: `guarded, 2-cookie session, ${app.label}`,
              base: 'guarded, 2-cookie session, bare',
              key,
              path: '/dashboard',
              group: 'chunked',
              cookieOf: () => cookies[`${app.framework}-kit:chunked`],
            },
          ]),
      {
        framework: app.framework,
        name: `public, ${app.label}`,
        base: 'public, bare',
        key,
        path: '/',
        cookieOf: () => undefined,
      },
    ]
  })

  const samples = new Map<string, LoadResult[]>()
  /** Server CPU per request (us) and the share of a CPU it used, per round, where readable. */
  const cpu = new Map<string, { micros: number; busy: number }[]>()
  // Scenarios compared with each other run back to back (same framework, same route), in
  // alternating order, so a ratio spans seconds of the machine's drift, not minutes.
  const groups = new Map<string, typeof scenarios>()
  for (const s of scenarios) {
    const key = `${s.framework} ${s.path} ${s.group ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), s])
  }
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await signInAll()
    const order = [...groups.values()].flatMap((group) =>
      round % 2 === 0 ? group : [...group].reverse(),
    )
    for (const s of order) {
      const id = `${s.framework}/${s.name}`
      const cookie = s.cookieOf()
      const headers: Record<string, string> = cookie ? { cookie } : {}
      await measure(`${urlOf(s.key)}${s.path}`, { headers, durationSec: warmupSec, connections })
      const cpuBefore = cpuSecondsOf(pids[s.key])
      const started = performance.now()
      const result = await measure(`${urlOf(s.key)}${s.path}`, {
        headers,
        durationSec,
        connections,
      })
      const elapsed = (performance.now() - started) / 1000
      const cpuAfter = cpuSecondsOf(pids[s.key])
      if (cpuBefore !== undefined && cpuAfter !== undefined && result.requestsPerSec > 0) {
        const used = cpuAfter - cpuBefore
        cpu.set(id, [
          ...(cpu.get(id) ?? []),
          { micros: (used * 1e6) / (result.requestsPerSec * elapsed), busy: used / elapsed },
        ])
      }
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${id}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
      }
      samples.set(id, [...(samples.get(id) ?? []), result])
      process.stdout.write(`${id}: ${Math.round(result.requestsPerSec)} req/s\n`)
    }
  }

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  const rps = (framework: Framework, name: string) =>
    (samples.get(`${framework}/${name}`) ?? []).map((r) => r.requestsPerSec)
  const rows: Row[] = scenarios.map((s) => {
    const list = samples.get(`${s.framework}/${s.name}`) ?? []
    const ratios = perRound(rps(s.framework, s.name), rps(s.framework, s.base))
    return {
      framework: s.framework,
      scenario: s.name,
      requestsPerSec: mean(list.map((r) => r.requestsPerSec)),
      ratio: median(ratios),
      min: Math.min(...ratios),
      max: Math.max(...ratios),
      p50: mean(list.map((r) => r.latencyP50Ms)),
      p99: mean(list.map((r) => r.latencyP99Ms)),
      ...cpuColumns(cpu.get(`${s.framework}/${s.name}`)),
    }
  })
  const target = (
    id: number,
    label: string,
    goal: number,
    of: number[],
    base: number[],
    unit: string,
  ): Target => targetFrom({ id, label, goal, unit: `x ${unit}`, values: perRound(of, base) })
  const targets: Target[] = [
    target(
      1,
      'public route, Express',
      0.97,
      rps('express', 'public, kit'),
      rps('express', 'public, bare'),
      'bare Express',
    ),
    target(
      1,
      'public route, Fastify',
      0.97,
      rps('fastify', 'public, kit'),
      rps('fastify', 'public, bare'),
      'bare Fastify',
    ),
    target(
      2,
      'guarded route, Express',
      0.92,
      rps('express', 'guarded, kit'),
      rps('express', 'guarded, bare'),
      'bare Express',
    ),
    target(
      2,
      'guarded route, Fastify',
      0.92,
      rps('fastify', 'guarded, kit'),
      rps('fastify', 'guarded, bare'),
      'bare Fastify',
    ),
    target(
      2,
      'guarded route, Express, against the peer',
      3,
      rps('express', 'guarded, kit'),
      rps('express', 'guarded, express-openid-connect'),
      'express-openid-connect requiresAuth',
    ),
  ]
  const command = `pnpm --filter @kit/bench bench:throughput${quick ? ' --quick' : ''} --duration ${durationSec} --connections ${connections} --rounds ${rounds}`
  const info = machine()
  const report = renderReport(rows, targets, { ...info, command, rounds, pinned })
  process.stdout.write(`\n${report}`)
  if (!args.includes('--no-write')) {
    writeResults('throughput', {
      command,
      ...info,
      durationSec,
      connections,
      rounds,
      pinned,
      targets,
      scenarios: scenarios.map((s) => ({
        framework: s.framework,
        scenario: s.name,
        requestsPerSec: rps(s.framework, s.name),
        serverCpu: cpu.get(`${s.framework}/${s.name}`) ?? [],
      })),
    })
    writeSection('throughput', report)
  }
} finally {
  await stopAll()
}

/** Ratio of each round's measurement to the same round's base: both ran back to back. */
function perRound(values: number[], base: number[]): number[] {
  return values.map((v, i) => v / (base[i] ?? Number.NaN))
}

/** The CPU columns of a row: means over the rounds, or nothing where /proc was unreadable. */
function cpuColumns(list: { micros: number; busy: number }[] | undefined) {
  if (list === undefined || list.length === 0) return {}
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  return { cpuMicros: mean(list.map((c) => c.micros)), busy: mean(list.map((c) => c.busy)) }
}
