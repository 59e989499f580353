/**
 * `pnpm --filter @kit/bench bench:hot-path` (issue 13, under targets 1 and 2): what the
 * kit's own functions cost on the requests the throughput targets measure, without a
 * server around them, in nanoseconds per request. Both adapters call the same two core
 * functions on every request that is not one of the kit's routes:
 * `peekNodeAuthentication` (the session read from Node's parsed headers; a cache hit
 * for a cookie already opened) and, on a guarded route, `routes.guard` with a request
 * view (`nodeRequestLike`). That is what is timed, per request on a fresh `Cookie`
 * string (a server parses a new one for every request, so nothing is cached by string
 * identity), against a baseline loop that builds the same request and reads its cookie.
 *
 * Why it exists: throughput.ts measures whole requests, whose ratios move by several
 * per cent from one server process to another (servers/env.ts `twinPort`), more than an
 * optimisation of the kit's functions is worth. Here their cost is resolved to a few
 * nanoseconds, and set against the bare framework's CPU per request from the last
 * throughput run (bench/results/throughput.json), so a change to the hot path can be
 * read as the share of a request it saves or adds. In a server the same calls cost
 * more (their code and data are no longer in the CPU's caches when the next request
 * comes; doubling them in the Fastify server added about twice this), so read the
 * share as a floor.
 *
 * Covers no numbered target by itself (`targets` is empty). Writes
 * bench/results/hot-path.json and the `hot-path` section of docs/benchmarks.md.
 *
 * Options: --quick (3 rounds of 20,000), --rounds <n> (default 7), --calls <n> (requests
 * per side, case and round, default 300000), --no-write.
 */
import { readFileSync } from 'node:fs'
import { createKitRoutes, type KitAuthentication, KitClient } from '@kit/core'
import { nodeRequestLike, peekNodeAuthentication } from '@kit/core/node'
import { createTestSession } from '@kit/core/testing'
import { args, option, quick } from './args.js'
import {
  machine,
  mean,
  median,
  outputPaths,
  runLines,
  spread,
  writeResults,
  writeSection,
} from './section.js'

const rounds = option('rounds', 7, 3)
const calls = option('calls', 300_000, 20_000)
const ORIGIN = 'http://localhost:3000'
const secret = 'bench-session-secret-of-at-least-32-chars!'

const routes = createKitRoutes({
  // Never called: no start-up check, and every session here has a fresh access token.
  kit: new KitClient({
    environmentUrl: 'http://127.0.0.1:9',
    clientId: 'client_hot_path',
    clientSecret: 'hot-path-secret',
  }),
  baseUrl: ORIGIN,
  session: { secret },
  checkSetupOnStart: false,
})

/** Another site's cookies beside the kit's, as a browser sends them. */
const OTHER_COOKIES = '_ga=GA1.1.1234567890.1700000000; theme=dark'
const user = { id: 'usr_bench_alice', email: 'alice@acme.test', name: 'Alice Admin' }
const sessionOf = (permissions: readonly string[]) =>
  createTestSession({
    secret,
    user,
    organizationId: 'org_acme',
    roles: ['admin'],
    permissions,
    expiresInSeconds: 24 * 3600,
  })
/** A user with 4 permissions, and one with 50, whose session takes two cookies as throughput.ts's does. */
const oneCookie = await sessionOf(['org:manage', 'reports:read', 'reports:write', 'users:read'])
const twoCookies = await sessionOf(
  Array.from({ length: 50 }, (_, i) => `reports:${String(i).padStart(3, '0')}:export-quarterly`),
)
if (!/(^|; )kit_session\.1=/.test(twoCookies)) {
  throw new Error(`the 50-permission session is not chunked (${twoCookies.length} characters)`)
}

interface Case {
  name: string
  /** The row of throughput.json whose bare CPU per request this case is a share of. */
  throughputScenario: 'public' | 'guarded' | 'guarded, 2-cookie session'
  /** The Cookie header, or none. */
  cookie: string | undefined
  /** Guarded route: `routes.guard` after the session read. */
  guarded: boolean
}
const CASES: Case[] = [
  {
    name: 'public route, no cookie',
    throughputScenario: 'public',
    cookie: undefined,
    guarded: false,
  },
  {
    name: 'guarded route, 1-cookie session',
    throughputScenario: 'guarded',
    cookie: `${OTHER_COOKIES}; ${oneCookie}`,
    guarded: true,
  },
  {
    name: 'guarded route, 2-cookie session',
    throughputScenario: 'guarded, 2-cookie session',
    cookie: `${OTHER_COOKIES}; ${twoCookies}`,
    guarded: true,
  },
]

interface NodeLikeRequest {
  method: string
  url: string
  headers: Record<string, string>
  rawHeaders: string[]
}

/**
 * The request a Node server hands the adapter: a new headers object and a new flat
 * `Cookie` string every time (the slice of a fresh concatenation: same characters, no
 * cached hash, not the string the session cache was filled with).
 */
function requestOf(cookie: string | undefined): NodeLikeRequest {
  const headers: Record<string, string> = {
    host: 'localhost:3000',
    'user-agent': 'autocannon',
    accept: 'application/json',
  }
  const rawHeaders = [
    'Host',
    'localhost:3000',
    'User-Agent',
    'autocannon',
    'Accept',
    'application/json',
  ]
  if (cookie !== undefined) {
    const fresh = ` ${cookie}`.slice(1)
    headers.cookie = fresh
    rawHeaders.push('Cookie', fresh)
  }
  return { method: 'GET', url: '/dashboard', headers, rawHeaders }
}

const AUTH = { kind: 'auth' } as const
/** The kit's work on one request, as both adapters do it; 1 when it let the request through. */
function kitWork(req: NodeLikeRequest, guarded: boolean): number {
  const quick: KitAuthentication | undefined = peekNodeAuthentication(routes, req)
  if (quick === undefined) throw new Error('the session was not in the cache: nothing to time')
  if (quick.responseHeaders.length > 0) throw new Error('the session asked for a renewal')
  if (!guarded) return 1
  const denial = routes.guard(nodeRequestLike(req, ORIGIN, req.url), quick.auth, AUTH)
  if (denial) throw new Error(`the guard refused a valid session (${denial.status})`)
  return 1
}
/** The same request built and its cookie read, without the kit. */
function baselineWork(req: NodeLikeRequest): number {
  return req.headers.cookie === '' ? 0 : 1
}

/** Nanoseconds per request of `calls` requests of one case on one side. */
function timeSide(c: Case, kit: boolean, n: number): number {
  let passed = 0
  const start = process.hrtime.bigint()
  for (let i = 0; i < n; i++) {
    const req = requestOf(c.cookie)
    passed += kit ? kitWork(req, c.guarded) : baselineWork(req)
  }
  const elapsed = Number(process.hrtime.bigint() - start)
  if (passed !== n) throw new Error(`${c.name}: ${n - passed} requests not let through`)
  return elapsed / n
}

// First sight opens each session (what `routes.authenticate` does once per cookie); every
// timed request after that is the cache hit a signed-in user's requests are.
for (const c of CASES) {
  if (c.cookie === undefined) continue
  const result = await routes.authenticate(nodeRequestLike(requestOf(c.cookie), ORIGIN, '/'))
  if (result.auth?.user.id !== user.id) throw new Error(`${c.name}: the session did not open`)
}
for (const c of CASES) {
  timeSide(c, false, calls)
  timeSide(c, true, calls)
}

interface Round {
  /** Per case: the kit's ns per request over the baseline's, and the baseline's own. */
  kitNs: number[]
  baselineNs: number[]
}
const results: Round[] = []
for (let round = 0; round < rounds; round++) {
  const r: Round = { kitNs: [], baselineNs: [] }
  for (const c of CASES) {
    // Two halves in alternating order, so a slow stretch falls on both sides.
    const half = Math.ceil(calls / 2)
    const first = round % 2 === 0
    let kit = 0
    let base = 0
    for (const kitFirst of [first, !first]) {
      if (kitFirst) kit += timeSide(c, true, half)
      base += timeSide(c, false, half)
      if (!kitFirst) kit += timeSide(c, true, half)
    }
    r.kitNs.push((kit - base) / 2)
    r.baselineNs.push(base / 2)
  }
  results.push(r)
  process.stdout.write(
    `round ${round + 1}: ${CASES.map((c, i) => `${c.name} ${r.kitNs[i]!.toFixed(0)} ns`).join(' | ')}\n`,
  )
}

/** The last throughput run's raw numbers (throughput.ts), or none if it has not run here. */
function lastThroughputRun():
  | {
      date: string
      scenarios: { framework: string; scenario: string; serverCpu?: { micros: number }[] }[]
    }
  | undefined {
  try {
    return JSON.parse(readFileSync(new URL('throughput.json', outputPaths().results), 'utf8'))
  } catch {
    return undefined
  }
}

const bare = lastThroughputRun()
const perCase = CASES.map((c, i) => {
  const kit = spread(results.map((r) => r.kitNs[i]!))
  /**
   * The kit's median over the bare app's CPU per request there: the mean over its rounds,
   * the figure the throughput table prints for that row.
   */
  const share = (framework: string) => {
    const row = bare?.scenarios.find(
      (s) => s.framework === framework && s.scenario === `${c.throughputScenario}, bare`,
    )
    const cpu = row?.serverCpu?.map((x) => x.micros) ?? []
    return cpu.length === 0 ? undefined : kit.median / 1000 / mean(cpu)
  }
  return {
    name: c.name,
    cookieLength: c.cookie?.length ?? 0,
    kitNs: kit,
    baselineNs: median(results.map((r) => r.baselineNs[i]!)),
    shareOfBareExpress: share('express'),
    shareOfBareFastify: share('fastify'),
  }
})

const meta = machine()
const command = `pnpm --filter @kit/bench bench:hot-path${quick ? ' --quick' : ''} --rounds ${rounds} --calls ${calls}`
const percent = (x: number | undefined) => (x === undefined ? '-' : `${(x * 100).toFixed(2)} %`)
const body = [
  "## The kit's hot path in a tight loop (under targets 1 and 2)",
  '',
  "What the kit's own functions cost on a request to one of the app's routes, without a",
  "server around them: `peekNodeAuthentication` (the session read from Node's parsed",
  'headers, a cache hit once a cookie has been opened) and, on a guarded route,',
  "`routes.guard` with `requireAuth()`'s requirement over a `nodeRequestLike` view: the",
  'calls both adapters make. Each request is built anew with a fresh `Cookie` string (two',
  "other cookies beside the kit's), as a server parses one per request; the figure is the",
  'time over a baseline loop that builds the same request and reads its cookie, in',
  `nanoseconds per request, median and range over ${rounds} rounds of ${calls} requests per side`,
  "(halves in alternating order). The last columns set it against the bare framework's",
  `CPU per request in the throughput run${bare ? ` of ${bare.date}` : ' (none found)'} (its table's figure, the mean over rounds): the share of a whole`,
  'request the functions take. In a server they cost more than here (their code and data',
  'are out of the CPU caches by the next request; run twice in the Fastify server they',
  'added about twice this), so read the share as a floor: a change to these functions',
  'moves a throughput ratio by about twice its share here, at most.',
  '',
  ...runLines(command, meta),
  '',
  '| request | Cookie header | kit ns per request, median (min to max) | baseline loop ns | share of a bare Express request | share of a bare Fastify request |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...perCase.map(
    (c) =>
      `| ${c.name} | ${c.cookieLength ? `${c.cookieLength} characters` : 'none'} | ${c.kitNs.median.toFixed(0)} (${c.kitNs.min.toFixed(0)} to ${c.kitNs.max.toFixed(0)}) | ${c.baselineNs.toFixed(0)} | ${percent(c.shareOfBareExpress)} | ${percent(c.shareOfBareFastify)} |`,
  ),
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  writeResults('hot-path', {
    command,
    ...meta,
    rounds: results,
    cases: perCase,
    throughputDate: bare?.date,
    targets: [],
  })
  writeSection('hot-path', body)
}
