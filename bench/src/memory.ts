/**
 * `pnpm --filter @kit/bench bench:memory` (issue 13, target 7): the memory of one kit
 * Express server process (`requireAuth()` on `/dashboard`, the same server as
 * `pnpm bench`) across 1 000 000 guarded requests from 100 000 distinct sessions.
 *
 * Sessions are copies of one real login (session-cookies.ts). They arrive as users do:
 * `--active` sessions at a time, each making `requests / sessions` requests round-robin,
 * then the next group, so every session is opened once (an unseal) and then answered
 * from the unseal cache while its group is active, and 100 000 distinct sessions pass
 * through the caches. The server's RSS is read from /proc/<pid>/status every 250 ms.
 * Growth = RSS after / RSS before - 1, like for like under the same load: the median
 * sample over the run's first tenth (after a warm-up with other sessions) against that
 * over its last tenth. The server's own report (`/__bench/stats`, servers/stats.ts) adds RSS and heap
 * after a forced full GC at both ends and the fill of every in-process cache against its
 * ceiling. Target: growth < 15 % with every cache at or under its ceiling.
 *
 * Options: --quick, --sessions <n> (default 100000), --requests <n> (default 1000000),
 * --active <n> (default 100), --connections <n> (default 50), --pipelining <n> (requests in
 * flight per connection, default 4: more load per second from a runner that shares the
 * two cores, and more requests in flight at once), --no-write.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { startEmulator } from '@kit/emulator'
import { args, option, quick } from './args.js'
import { freePort, startServer } from './processes.js'
import { machine, median, runLines, targetFrom, writeResults, writeSection } from './section.js'
import type { BenchStats } from './servers/stats.js'
import { driveCookies, mintKitCookies, seedFor, signIn } from './session-cookies.js'

const sessions = option('sessions', 100_000, 1000)
const requests = option('requests', 1_000_000, 10_000)
const active = option('active', 100, 100)
const connections = option('connections', 50, 50)
const pipelining = option('pipelining', 4, 4)
const segments = 10
/** More sessions than the unseal cache holds (1000 by default), so it is full before. */
const warmupSessions = quick ? 1200 : 2000
const sessionSecret = 'bench-session-secret-of-at-least-32-chars!'
/** Issue 13, target 7: RSS growth under 15 %. */
const TARGET = 0.15
const perSession = Math.max(1, Math.round(requests / sessions))

const startedAt = performance.now()
const elapsed = () => (performance.now() - startedAt) / 1000
const phase = (what: string) => process.stdout.write(`${elapsed().toFixed(1)} s: ${what}\n`)

/** Request i goes to the session `active` groups round-robin, one group after the other. */
const pick = (count: number) => (i: number) => {
  const span = active * perSession
  return (Math.floor(i / span) * active + ((i % span) % active)) % count
}

const port = await freePort()
const url = `http://localhost:${port}`
const emulator = await startEmulator({
  port: await freePort(),
  dbPath: ':memory:',
  seed: seedFor([url]),
  log: false,
})
let server: Awaited<ReturnType<typeof startServer>> | undefined

/** VmRSS and VmHWM (peak) of a process, bytes. */
function procMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 }
}
/** The server's memory after a full GC, and (walking the heap) its caches. */
const stats = async (caches: boolean): Promise<BenchStats> =>
  (
    await fetch(`${url}/__bench/stats?gc=1${caches ? '&caches=1' : ''}`)
  ).json() as Promise<BenchStats>

/** What the server was doing: warming up, minting (idle), or serving a tenth (0-9) of the run. */
type SamplePhase = 'warm-up' | 'idle' | number
/** RSS samples every 250 ms, tagged with the phase they were taken in. */
const timeline: { t: number; rss: number; phase: SamplePhase }[] = []
let samplePhase: SamplePhase = 'warm-up'
let beforeGc: BenchStats | undefined
let afterGc: BenchStats | undefined
let peak = 0
/** Unseal-cache lookups that hit and that missed, warm-up included. */
let hits = 0
let misses = 0
let warmSent = 0
let answered = 0
/** Requests written to the server (see CookieLoadResult.sent). */
let sent = 0
let runSec = 0
try {
  server = await startServer('express', {
    BENCH_MODE: 'kit',
    BENCH_STATS: '1',
    PORT: String(port),
    KIT_ENVIRONMENT_URL: emulator.url,
    KIT_CLIENT_ID: emulator.clientId,
    KIT_CLIENT_SECRET: emulator.clientSecret,
    KIT_SESSION_SECRET: sessionSecret,
  })
  const pid = server.pid!
  const login = await signIn(url)
  const warm = await mintKitCookies(login, sessionSecret, warmupSessions)
  const dashboard = `${url}/dashboard`
  // Every request must then be answered 200 (a refused session is a redirect: a failure).
  const first = await (await fetch(dashboard, { headers: { cookie: warm[0]! } })).text()
  if (!first.includes('usr_alice')) throw new Error(`a minted session is refused: ${first}`)

  const sampler = setInterval(() => {
    timeline.push({ t: elapsed(), rss: procMemory(pid).rss, phase: samplePhase })
  }, 250)
  try {
    // Warm-up with other sessions, under the same load as the run.
    const warmRun = await driveCookies(dashboard, warm, {
      connections,
      pipelining,
      amount: warmupSessions * perSession,
      pick: pick(warm.length),
    })
    if (warmRun.failures > 0) throw new Error(`warm-up: ${warmRun.failures} failed requests`)
    warmSent = warmRun.sent
    beforeGc = await stats(false)
    // Reset the kernel's peak-RSS mark so the peak is the run's, not start-up's.
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5')
    } catch {}
    phase(`warmed up: ${JSON.stringify(beforeGc.memory)}`)

    const perSegment = Math.ceil(requests / segments)
    const sessionsPerSegment = Math.ceil(sessions / segments)
    for (let s = 0; s < segments; s++) {
      // Each tenth of the sessions is minted just before its tenth of the requests, so no
      // session is older than the touch interval (300 s), past which every request of it
      // would write a renewed cookie: a different workload.
      samplePhase = 'idle'
      const cookies = await mintKitCookies(login, sessionSecret, sessionsPerSegment)
      samplePhase = s
      const started = performance.now()
      const run = await driveCookies(dashboard, cookies, {
        connections,
        pipelining,
        amount: perSegment,
        pick: pick(cookies.length),
      })
      if (run.failures > 0) throw new Error(`segment ${s}: ${run.failures} failed requests`)
      const done = run.sent
      answered += run.requests
      const segmentSec = (performance.now() - started) / 1000
      runSec += segmentSec
      sent += done
      phase(
        `${sent} requests, ${Math.round(done / segmentSec)} req/s, RSS ${mb(procMemory(pid).rss)}`,
      )
    }
    samplePhase = 'idle'
  } finally {
    clearInterval(sampler)
  }
  peak = procMemory(pid).peak
  afterGc = await stats(true)
  phase(`after: ${JSON.stringify(afterGc.memory)}`)
  const unsealCaches = afterGc.caches?.unsealCache ?? []
  hits = unsealCaches.reduce((n, c) => n + c.hits, 0)
  misses = unsealCaches.reduce((n, c) => n + c.misses, 0)
} finally {
  server?.kill('SIGTERM')
  await emulator.stop()
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

if (beforeGc === undefined || afterGc?.caches === undefined) throw new Error('no memory report')
// Like for like, under the same load: the median RSS sample of the run's first tenth
// (after the warm-up) and of its last tenth. Single samples swing by 10-20 % as V8
// resizes its heap; a median over a tenth of the run does not.
const inSegment = (segment: number) => timeline.filter((p) => p.phase === segment).map((p) => p.rss)
const beforeRss = median(inSegment(0))
const afterRss = median(inSegment(segments - 1))
const warmSamples = timeline.filter((p) => p.phase === 'warm-up').map((p) => p.rss)
const warmRss = median(warmSamples.slice(Math.floor(warmSamples.length / 2)))
const growth = afterRss / beforeRss - 1
const gcGrowth = afterGc.memory.rss / beforeGc.memory.rss - 1
const heapGrowth = afterGc.memory.heapUsed / beforeGc.memory.heapUsed - 1
const caches = afterGc.caches
const bounded =
  caches.unsealCache.every((c) => c.size <= c.max) &&
  caches.lru.every((c) => c.size <= c.max) &&
  caches.revocationStore.every((c) => c.size <= c.max)
const met = growth < TARGET && bounded
const unseal = caches.unsealCache[0]!
const m = machine()
const command = `pnpm --filter @kit/bench bench:memory${quick ? ' --quick' : ''} --sessions ${sessions} --requests ${requests} --active ${active} --connections ${connections} --pipelining ${pipelining}`
const pct = (x: number) => `${(x * 100).toFixed(1)} %`
const runSamples = timeline.filter((p) => typeof p.phase === 'number').map((p) => p.rss)

const section = [
  '## Memory: guarded requests across many distinct sessions (target 7)',
  '',
  `This run: ${sent} guarded requests across ${sessions} sessions${sent >= 1_000_000 && sessions >= 100_000 ? ', the workload target 7 names' : ' (target 7 names 1 000 000 across 100 000: the defaults, without --sessions and --requests)'}.`,
  '',
  'One kit Express server process (the `pnpm bench` server: `requireAuth()` on `/dashboard`,',
  'default options) under guarded requests from many distinct sessions, each a copy of one',
  'real login with its own session id (valid session, fresh access token). Sessions arrive',
  `as users do: ${active} at a time, each making ${perSession} requests round-robin, then the next ${active};`,
  'so each session is opened once and then answered from the unseal cache, and every',
  `session passes through the caches. Load: autocannon, ${connections} keep-alive connections with`,
  `${pipelining} requests in flight each, after a warm-up of ${warmupSessions * perSession} requests from ${warmupSessions} other sessions.`,
  '',
  'RSS is read from /proc/<pid>/status every 250 ms. **Growth = RSS after / RSS before - 1**,',
  'like for like under the same load: before = the median sample over the first tenth of',
  'the requests (after the warm-up), after = the median sample over the last tenth. Single',
  'samples swing by 10-20 % as V8 resizes its heap; RSS right after a forced full GC is',
  'shown too, but moves as much. What the process really keeps is the',
  'heap used after a forced full GC, and the fill of each in-process cache, read in the',
  "server (found by class through the process's inspector, `bench/src/servers/stats.ts`).",
  '',
  ...runLines(
    command,
    m,
    ` (took ${Math.round(elapsed())} s; the ${sent} requests ${Math.round(runSec)} s, ${Math.round(sent / runSec)} req/s; every answer counted was 200, ${answered} of them counted: with pipelining autocannon closes connections at the end with a few answers still on the way)`,
  ),
  `- RSS under load: before (first tenth) ${mb(beforeRss)}, after (last tenth) ${mb(afterRss)}: **growth ${pct(growth)}**; end of the warm-up ${mb(warmRss)}; samples during the run ${mb(Math.min(...runSamples))} to ${mb(Math.max(...runSamples))}; kernel peak (VmHWM, reset after the warm-up) ${mb(peak)}`,
  `- after a forced full GC: RSS ${mb(beforeGc.memory.rss)} before, ${mb(afterGc.memory.rss)} after (${pct(gcGrowth)}); heap used ${mb(beforeGc.memory.heapUsed)} before, ${mb(afterGc.memory.heapUsed)} after (${pct(heapGrowth)})`,
  `- unseal cache: ${unseal.size} of at most ${unseal.max} sessions (\`session.cacheSize\`); lookups over the ${warmSent + sent} requests (warm-up included): ${hits} hits, ${misses} misses (lookups, not requests: a request may look its session up more than once)`,
  `- other in-process caches at the end (size / ceiling): every BoundedLru (the unseal cache's own, refresh results, webhook ids) ${caches.lru.map((c) => `${c.size}/${c.max}`).join(', ')}; verified-token cache (bearer tokens only) ${caches.tokenCache.map((c) => c.size).join(', ')} entries; revocation store ${caches.revocationStore.map((c) => `${c.size}/${c.max}`).join(', ')}`,
  `- **target 7** (growth < ${TARGET * 100} %, caches bounded): **${met ? 'met' : 'not met'}**, growth ${pct(growth)}${bounded ? ', every cache at or under its ceiling' : ', a cache is over its ceiling'}`,
].join('\n')

process.stdout.write(`\n${section}\n`)
if (!args.includes('--no-write')) {
  writeResults('memory', {
    machine: m,
    command,
    seconds: Math.round(elapsed()),
    sessions,
    requests: sent,
    answeredCounted: answered,
    active,
    perSession,
    pipelining,
    rssEndOfWarmUp: warmRss,
    rssBeforeUnderLoad: beforeRss,
    rssAfterUnderLoad: afterRss,
    peakRss: peak,
    afterGcBefore: beforeGc.memory,
    afterGcAfter: afterGc.memory,
    unsealCacheLookups: { hits, misses },
    caches,
    timelineMb: timeline.map((p) => Math.round(p.rss / 1024 / 1024)),
    targets: [
      {
        ...targetFrom({
          id: 7,
          label: `${sent} guarded requests across ${sessions} sessions`,
          goal: TARGET * 100,
          higherIsBetter: false,
          goalText: `< ${TARGET * 100} % RSS growth, caches bounded`,
          unit: '% RSS growth',
          values: [growth * 100],
        }),
        // Strictly under the goal, and every cache within its ceiling.
        met,
      },
    ],
  })
  writeSection('memory', section)
}
