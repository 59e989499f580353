/**
 * `pnpm --filter @kit/bench bench:next` (issue 13, target 2 for Next.js): route handlers
 * of one production build (`next build`, then `next start`, bench/next-app) driven by
 * autocannon from this process. Guarded: `kit.withAuth` and `await kit.requireAuth()`
 * against a bare route handler answering the same JSON, all sent the same session cookie
 * (a real one, from a login through the emulator, new each round), and
 * @auth0/nextjs-auth0's `getSession` as the peer (its cookie minted with its own
 * `generateSessionCookie`). Public, no cookie: a handler behind the kit's proxy
 * (`proxy.ts`) against the same handler with no proxy and with a no-op one. Scenarios
 * alternate order each round; ratios are taken per round and reported as min/median/max.
 * Writes bench/results/next.json and the `next` section of docs/benchmarks.md.
 *
 * The build is cached by @kit/test-support (one folder per version of the app's and the
 * kit's sources), so it runs only when something it bundles changed (40-100 s on the
 * 2-core machine, by load); `--quick` takes about 10 s once the build is there.
 *
 * Options: --rounds <n> (default 6), --duration <s> per scenario and round (default 3),
 * --connections <n> (default 50), --quick (1 round of 0.5 s: a smoke run), --no-write.
 * BENCH_CPU_PROF=<dir> writes a CPU profile of `next start` to <dir> when it stops
 * (`--cpu-prof` is not accepted in NODE_OPTIONS, so it goes on the server's command).
 */
import { randomBytes } from 'node:crypto'
import { EmulatorBrowser } from '@kit/emulator/testing'
// @kit/test-support's index loads vitest, which only runs under vitest: its modules are
// imported one by one.
import {
  startProcess,
  stopProcess,
  waitUntilAnswering,
} from '../../test-apps/test-support/src/child-process.js'
import { startEmulatorForApp } from '../../test-apps/test-support/src/emulator-for-app.js'
import {
  ensureBuilt,
  nextCli,
  nextEnv,
  testAppDir,
} from '../../test-apps/test-support/src/next-build.js'
import { args, option, quick } from './args.js'
import { type LoadResult, measure } from './load.js'
import { freePort } from './processes.js'
import {
  machine,
  median,
  runLines,
  spread,
  targetFrom,
  writeResults,
  writeSection,
} from './section.js'

/** The peer's own cookie minting (`@auth0/nextjs-auth0/testing`), as far as used here. */
type GenerateSessionCookie = (
  session: { user: Record<string, string>; tokenSet: { accessToken: string; expiresAt: number } },
  config: { secret: string },
) => Promise<string>
// Loaded by a computed name so the type checker does not pull in Next's global types
// through the peer's declarations (they make `process.env.NODE_ENV` read-only, which
// @kit/test-support's sources, compiled with this script, do not expect).
const AUTH0_TESTING = '@auth0/nextjs-auth0/testing'
const { generateSessionCookie } = (await import(AUTH0_TESTING)) as {
  generateSessionCookie: GenerateSessionCookie
}

// Many short rounds rather than a few long ones: on a shared machine the load changes
// by the second, and each ratio pairs two scenarios measured back to back.
const rounds = option('rounds', quick ? 1 : 6)
const durationSec = option('duration', 3, 0.5)
/** Warm-up before each measurement: longer the first time (JIT, first unseal). */
const warmupSec = (round: number) => (quick ? 0.25 : round === 0 ? 1.5 : 0.5)
const connections = option('connections', 50)
/** Issue 13, target 2 (Next.js route handlers). */
const TARGET_GUARDED = 0.92
/** The bench app, as a path @kit/test-support resolves under test-apps/. */
const APP = '../bench/next-app'

type ScenarioId =
  | 'guarded-bare'
  | 'guarded-kit'
  | 'guarded-helper'
  | 'guarded-auth0'
  | 'public-bare'
  | 'public-noop'
  | 'public-kit'
interface Scenario {
  id: ScenarioId
  label: string
  path: string
  cookie?: 'kit' | 'auth0'
}
const scenarios: Scenario[] = [
  { id: 'guarded-bare', label: 'bare route handler', path: '/api/bare', cookie: 'kit' },
  { id: 'guarded-kit', label: 'kit.withAuth', path: '/api/guarded', cookie: 'kit' },
  { id: 'guarded-helper', label: 'kit.requireAuth()', path: '/api/helper', cookie: 'kit' },
  {
    id: 'guarded-auth0',
    label: '@auth0/nextjs-auth0 getSession',
    path: '/peer/guarded',
    cookie: 'auth0',
  },
  { id: 'public-bare', label: 'public, no proxy', path: '/open/bare' },
  { id: 'public-noop', label: 'public, no-op proxy', path: '/open/noop' },
  { id: 'public-kit', label: "public, kit's proxy", path: '/open/kit' },
]
/** Each reported ratio: scenario over its baseline, in the same round. */
const comparisons = [
  { name: 'guarded: kit.withAuth / bare', of: 'guarded-kit', over: 'guarded-bare' },
  { name: 'guarded: kit.requireAuth() / bare', of: 'guarded-helper', over: 'guarded-bare' },
  { name: 'guarded: kit.withAuth / @auth0/nextjs-auth0', of: 'guarded-kit', over: 'guarded-auth0' },
  { name: "public: kit's proxy / no proxy", of: 'public-kit', over: 'public-bare' },
  { name: "public: kit's proxy / no-op proxy", of: 'public-kit', over: 'public-noop' },
  { name: 'public: no-op proxy / no proxy', of: 'public-noop', over: 'public-bare' },
] as const

const build = await ensureBuilt(APP)
process.stdout.write(
  build.built ? `next build: ${Math.round(build.ms / 1000)} s\n` : 'next build: reused\n',
)

const port = await freePort()
const appUrl = `http://localhost:${port}`
const { emulator } = await startEmulatorForApp(appUrl)
const auth0Secret = randomBytes(32).toString('hex')
const profileDir = process.env['BENCH_CPU_PROF']
const appDir = testAppDir(APP)
const profileFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
// `next start` as @kit/test-support's startNextServer runs it, plus the profile flags.
const server = startProcess(
  process.execPath,
  [...profileFlags, nextCli(appDir), 'start', '-p', String(port), '-H', 'localhost'],
  {
    cwd: appDir,
    env: nextEnv({
      KIT_TEST_DIST_DIR: build.distDir,
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_BASE_URL: appUrl,
      KIT_SESSION_SECRET: randomBytes(32).toString('base64url'),
      // The peer needs its settings to start; it never reaches this domain (no login).
      AUTH0_DOMAIN: 'auth0.bench.invalid',
      AUTH0_CLIENT_ID: 'bench',
      AUTH0_CLIENT_SECRET: 'bench-secret',
      AUTH0_SECRET: auth0Secret,
      APP_BASE_URL: appUrl,
    }),
  },
)

/** GETs `path` with `cookie`, failing the run unless it answers `status` (and `body`). */
async function expectAnswer(path: string, cookie: string | undefined, status: number) {
  const res = await fetch(`${appUrl}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: 'manual',
  })
  const text = await res.text()
  if (res.status !== status)
    throw new Error(`${path}: expected ${status}, got ${res.status} ${text}`)
  return text
}

/** A real login through the emulator's pages: the session cookie of the kit's app. */
async function signIn(): Promise<string> {
  const browser = new EmulatorBrowser()
  await browser.signIn({
    startUrl: `${appUrl}/auth/login?returnTo=/api/guarded`,
    email: 'alice@acme.test',
  })
  return browser.cookieHeader(appUrl)
}

const samples = new Map<ScenarioId, LoadResult[]>()
try {
  await waitUntilAnswering('next start of bench/next-app', server, `${appUrl}/open/bare`, 60_000)
  const cookies = {
    kit: await signIn(),
    auth0: `__session=${await generateSessionCookie(
      {
        user: { sub: 'usr_alice', org_id: 'org_acme', email: 'alice@acme.test' },
        tokenSet: { accessToken: 'bench', expiresAt: Math.floor(Date.now() / 1000) + 3600 },
      },
      { secret: auth0Secret },
    )}`,
  }
  // Every variant answers the same JSON, and each guard really guards.
  const bare = await expectAnswer('/api/bare', cookies.kit, 200)
  for (const [path, cookie, refusal] of [
    ['/api/guarded', cookies.kit, 401],
    // The server helper redirects to login (Next's `redirect()` in a route handler: 307).
    ['/api/helper', cookies.kit, 307],
    ['/peer/guarded', cookies.auth0, 401],
  ] as const) {
    const body = await expectAnswer(path, cookie, 200)
    if (body !== bare) throw new Error(`${path} answered ${body}, the bare handler ${bare}`)
    await expectAnswer(path, undefined, refusal)
  }
  for (const path of ['/open/bare', '/open/noop', '/open/kit'])
    await expectAnswer(path, undefined, 200)

  for (let round = 0; round < rounds; round++) {
    // A new session each round, so none grows old enough to be renewed (every request
    // would then re-seal, as autocannon keeps sending the cookie it was given).
    if (round > 0) cookies.kit = await signIn()
    for (const s of round % 2 === 0 ? scenarios : [...scenarios].reverse()) {
      const headers: Record<string, string> = s.cookie ? { cookie: cookies[s.cookie] } : {}
      const url = `${appUrl}${s.path}`
      await measure(url, { headers, durationSec: warmupSec(round), connections })
      const result = await measure(url, { headers, durationSec, connections })
      if (result.non2xx > 0 || result.errors > 0) {
        throw new Error(`${s.id}: ${result.non2xx} non-2xx answers, ${result.errors} errors`)
      }
      samples.set(s.id, [...(samples.get(s.id) ?? []), result])
      process.stdout.write(
        `round ${round + 1} ${s.id}: ${Math.round(result.requestsPerSec)} req/s\n`,
      )
    }
  }
} finally {
  await stopProcess(server.child, 10_000)
  await emulator.stop()
}

const rps = (id: ScenarioId) => (samples.get(id) ?? []).map((r) => r.requestsPerSec)
const ratios = comparisons.map((c) => {
  const of = rps(c.of)
  const over = rps(c.over)
  const perRound = of.map((value, i) => value / over[i]!)
  return { name: c.name, perRound, ...spread(perRound) }
})
const rows = scenarios.map((s) => {
  const list = samples.get(s.id) ?? []
  return {
    id: s.id,
    label: s.label,
    path: s.path,
    requestsPerSec: median(list.map((r) => r.requestsPerSec)),
    latencyP50Ms: median(list.map((r) => r.latencyP50Ms)),
    latencyP99Ms: median(list.map((r) => r.latencyP99Ms)),
  }
})
const guarded = ratios[0]!
const targets = [
  targetFrom({
    id: 2,
    label: 'guarded route, Next.js route handler (kit.withAuth)',
    goal: TARGET_GUARDED,
    unit: 'x bare Next route handler',
    values: guarded.perRound,
  }),
]

const meta = machine()
const command = quick
  ? 'pnpm --filter @kit/bench bench:next --quick'
  : `pnpm --filter @kit/bench bench:next --rounds ${rounds} --duration ${durationSec} --connections ${connections}`
const fmt = (x: number) => x.toFixed(2)
const body = [
  '## Next.js route handlers',
  '',
  '`kit.withAuth`, `kit.requireAuth()` and `kit.proxy()` against bare route handlers of one',
  'production build of bench/next-app (`next build --webpack` bundling the kit from source,',
  `then \`next start\`, Next 16.4.6), load from autocannon in the bench process (${connections}`,
  'connections). Guarded, a valid session cookie from a real login through the emulator',
  '(fresh access token): `GET /api/guarded` (a handler wrapped in `kit.withAuth`) and',
  '`GET /api/helper` (`await kit.requireAuth()` in the handler) against `GET /api/bare`, a',
  'bare handler answering the same JSON and sent the same cookie; the peer is',
  '@auth0/nextjs-auth0 4 (`getSession(request)` in the handler, with its own cookie). Public,',
  'no cookie: one handler with no proxy, behind a no-op `proxy.ts` (`NextResponse.next()`) and',
  'behind `kit.proxy()` (a path neither protected nor an API path). Scenarios alternate order',
  `each round; ratios are per round (${rounds} round(s) of ${durationSec} s per scenario, each after a`,
  `${warmupSec(0)} s warm-up in the first round and ${warmupSec(1)} s after).`,
  '',
  ...runLines(command, meta),
  `- build: ${build.built ? `${Math.round(build.ms / 1000)} s` : 'reused (cached by sources)'}`,
  `- target 2 (Next.js): **${targets[0]!.met ? 'met' : 'not met'}**: guarded kit.withAuth ${fmt(guarded.median)} x bare (min ${fmt(guarded.min)}, max ${fmt(guarded.max)}; target >= ${TARGET_GUARDED} x)`,
  '',
  '| comparison | ratio min / median / max |',
  '| --- | ---: |',
  ...ratios.map((r) => `| ${r.name} | ${fmt(r.min)} / ${fmt(r.median)} / ${fmt(r.max)} |`),
  '',
  '| scenario | path | req/s (median) | p50 ms | p99 ms |',
  '| --- | --- | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.label} | \`${r.path}\` | ${Math.round(r.requestsPerSec)} | ${r.latencyP50Ms} | ${r.latencyP99Ms} |`,
  ),
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  writeResults('next', {
    command,
    ...meta,
    build: { reused: !build.built, ms: build.ms },
    targets,
    ratios,
    scenarios: rows,
  })
  writeSection('next', body)
}
