/**
 * `pnpm --filter @kit/bench bench:login` (issue 13, target 5): the whole login round
 * trip without a browser. The Express bench app (kit mode, its own process) and the
 * emulator (this process) run locally; each login is a fresh `EmulatorBrowser` (empty
 * cookie jar) that GETs `/auth/login?returnTo=/dashboard`, follows the redirect to the
 * emulator's authorize endpoint, signs in on its page, follows the redirect to
 * `/auth/callback` (code exchange, session cookie) and on to the guarded `/dashboard`,
 * which must answer 200 with the user. Latency is per login; logins per second is
 * completed logins over wall time, at concurrency 1 and 10 (that many logins in flight).
 * Writes bench/results/login.json and the `login` section of docs/benchmarks.md.
 *
 * Options: --logins <n> (per concurrency, default 200), --no-write.
 */
import type { ChildProcess } from 'node:child_process'
import { DEFAULT_CLIENTS, DEFAULT_SEED, startEmulator } from '@kit/emulator'
import { EmulatorBrowser } from '@kit/emulator/testing'
import { args, option } from './args.js'
import { freePort, startServer } from './processes.js'
import { machine, percentile, runLines, targetFrom, writeResults, writeSection } from './section.js'

const logins = option('logins', 200)
const port = await freePort()
const appUrl = `http://localhost:${port}`

const emulator = await startEmulator({
  port: await freePort(),
  dbPath: ':memory:',
  seed: {
    ...DEFAULT_SEED,
    clients: DEFAULT_CLIENTS.map((client) =>
      client.kind === 'application'
        ? { ...client, redirect_uris: [`${appUrl}/auth/callback`] }
        : client,
    ),
  },
  log: false,
})
let app: ChildProcess | undefined

/** One login, start to first guarded answer, in milliseconds. */
async function login(): Promise<number> {
  const start = performance.now()
  const page = await new EmulatorBrowser().signIn({
    startUrl: `${appUrl}/auth/login?returnTo=/dashboard`,
    email: 'alice@acme.test',
  })
  const ms = performance.now() - start
  if (
    page.status !== 200 ||
    page.url.pathname !== '/dashboard' ||
    !page.body.includes('usr_alice')
  ) {
    throw new Error(`login did not reach the dashboard: ${page.status} ${page.url} ${page.body}`)
  }
  return ms
}

interface Level {
  concurrency: number
  logins: number
  p50Ms: number
  p95Ms: number
  loginsPerSec: number
  latenciesMs: number[]
}

/** `count` logins with `concurrency` in flight at any time. */
async function run(concurrency: number, count: number): Promise<Level> {
  const latencies: number[] = []
  let next = 0
  const start = performance.now()
  const worker = async () => {
    while (next < count) {
      next++
      latencies.push(await login())
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
  const seconds = (performance.now() - start) / 1000
  return {
    concurrency,
    logins: count,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    loginsPerSec: count / seconds,
    latenciesMs: latencies.map((ms) => Math.round(ms * 100) / 100),
  }
}

const levels: Level[] = []
try {
  app = await startServer('express', {
    BENCH_MODE: 'kit',
    PORT: String(port),
    KIT_ENVIRONMENT_URL: emulator.url,
    KIT_CLIENT_ID: emulator.clientId,
    KIT_CLIENT_SECRET: emulator.clientSecret,
    KIT_SESSION_SECRET: 'bench-session-secret-of-at-least-32-chars!',
  })
  // Warm-up: discovery, JWKS, JIT on both sides.
  await run(2, 20)
  for (const concurrency of [1, 10]) {
    const level = await run(concurrency, logins)
    levels.push(level)
    process.stdout.write(
      `concurrency ${concurrency}: p50 ${level.p50Ms.toFixed(1)} ms, p95 ${level.p95Ms.toFixed(1)} ms, ${level.loginsPerSec.toFixed(1)} logins/s\n`,
    )
  }
} finally {
  app?.kill('SIGTERM')
  await emulator.stop()
}

const meta = machine()
const command = `pnpm --filter @kit/bench bench:login --logins ${logins}`
const body = [
  '## Login round trip (emulator, no browser)',
  '',
  'One login is: GET `/auth/login?returnTo=/dashboard` on the Express bench app (kit',
  "mode, own process) -> the emulator's authorize endpoint -> its sign-in page submitted",
  '(`EmulatorBrowser` from `@kit/emulator/testing`, a fresh cookie jar per login) ->',
  '`/auth/callback` (code exchange, ID token check, session cookie) -> the guarded',
  '`/dashboard`, which must answer 200 with the user. The emulator and the client run in',
  'the benchmark process, so the emulator and the HTTP client share one core with each',
  "other; the figures are the whole round trip on this machine, not the kit's share.",
  'Issue 13, target 5 asks for the numbers (no ratio): reported, so met.',
  '',
  ...runLines(command, meta),
  '',
  '| concurrency | logins | p50 ms | p95 ms | logins/s |',
  '| ---: | ---: | ---: | ---: | ---: |',
  ...levels.map(
    (l) =>
      `| ${l.concurrency} | ${l.logins} | ${l.p50Ms.toFixed(1)} | ${l.p95Ms.toFixed(1)} | ${l.loginsPerSec.toFixed(1)} |`,
  ),
].join('\n')
process.stdout.write(`\n${body}\n`)
if (!args.includes('--no-write')) {
  const targets = levels.map((l) =>
    targetFrom({
      id: 5,
      label: `concurrency ${l.concurrency}: p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms`,
      unit: 'logins/s',
      measured: l.loginsPerSec,
    }),
  )
  writeResults('login', { command, ...meta, levels, targets })
  writeSection('login', body)
}
