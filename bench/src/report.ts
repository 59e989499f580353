import { runLines, type Target } from './section.js'

/** One line of the throughput table. */
export interface Row {
  framework: string
  scenario: string
  requestsPerSec: number
  /**
   * Against the bare framework serving the same kind of route, side by side: its CPU per
   * request over this one's (median of rounds).
   */
  ratio: number
  min: number
  max: number
  /** The same against the bare framework holding a tick object (median of rounds). */
  keptRatio?: number | undefined
  /**
   * Kit rows: against the bare app served by the same process (over rounds), which takes
   * process-to-process differences out of the ratio.
   */
  twin?: { min: number; median: number; max: number } | undefined
  p50: number
  p99: number
  /** Server CPU time per request in microseconds (mean over rounds), when it could be read. */
  cpuMicros?: number | undefined
}

/**
 * `0.968 (0.951 to 0.990)`: a median with its range over rounds; three decimals below 10,
 * so a ratio just under its goal never prints as the goal itself.
 */
export function ratioText(median: number, min?: number, max?: number): string {
  const digits = Math.abs(median) < 10 ? 3 : 1
  const range =
    min !== undefined && max !== undefined && min !== max
      ? ` (${min.toFixed(digits)} to ${max.toFixed(digits)})`
      : ''
  return `${median.toFixed(digits)}${range}`
}

/** One line per target: goal, measured median (min-max) and met or not. */
export function targetLines(targets: readonly Target[]): string[] {
  return [
    '| target | measured | goal | |',
    '| --- | ---: | --- | --- |',
    ...targets.map(
      (t) =>
        `| ${t.id}${t.label ? `, ${t.label}` : ''} | ${ratioText(t.measured, t.min, t.max)} ${t.unit}${t.controls ? ` (controls: ${t.controls})` : ''} | ${t.goal} | ${t.met ? '**met**' : '**not met**'} |`,
    ),
  ]
}

/** The `throughput` section of docs/benchmarks.md (without its markers). */
export function renderReport(
  rows: Row[],
  targets: readonly Target[],
  meta: {
    date: string
    node: string
    cpu: string
    load: string
    command: string
    rounds: number
    /** Server processes per scenario; round r measures process r mod processes. */
    processes?: number | undefined
    pinned: boolean
    /** How the scenarios of a group were measured: in turns, or all at once. */
    method: 'interleaved' | 'side-by-side'
    /** Set when the servers ran on another Node than the harness (`--node`). */
    serverNode?: string | undefined
  },
): string {
  const lines = [
    meta.serverNode
      ? `## Throughput with the servers on Node ${meta.serverNode} (targets 1 and 2)`
      : '## Throughput: public and guarded routes (targets 1 and 2, Express and Fastify)',
    '',
    ...(meta.serverNode
      ? [
          `The scenarios, controls and method of the section above, with every server on Node`,
          `${meta.serverNode} (harness, emulator and load generator unchanged): what the`,
          'adapters cost on the Node an app deploys on today. The summary of targets reads the',
          'Node 20 section, the floor of `engines`. Compare ratios, not req/s: the two',
          'sections are different runs.',
          '',
          'Express 5 itself takes several times less CPU per request on Node 24 than on Node 20',
          'and 22 (compare the bare rows of the two sections; Fastify moves far less), a change',
          'of Node that public Express benchmarks report as well. The kit adds about the same',
          'microseconds on both, so they are a larger share of an Express request here: for',
          "Express, this section's ratios are the strict reading.",
          '',
        ]
      : [
          'Each adapter against the bare framework and a peer kit, in the same run on the same',
          'machine (load generator: autocannon, keep-alive, 50 connections per server; each',
          'server in its own process). "guarded" is a request with a valid session cookie',
          'through the guard (`requireAuth()`; the access token is fresh, so no network call is',
          'made); the bare app receives the same cookie bytes and ignores them, so the ratio is',
          'the work of the kit itself. "public" is a route without a guard or cookie: the cost',
          'of mounting the kit. "guarded, 2-cookie session" is the same with a session that',
          'needs two cookies (`kit_session.0` and `.1`, about 6 KB: a user whose role grants 50',
          'permissions), the chunked path B2B sessions take; no target names it.',
          '"denied (API, no credentials)" is the guarded route asked for JSON with no cookie or',
          "token: the kit's 401, against bare apps sending the same bytes from a route of their",
          'own (checked before measuring): what unauthenticated API traffic costs. No target',
          'names it either, and the peer has no such row (its guard redirects to its login).',
          '"denied (browser, no session)" is a page load (`Accept: text/html`, `Sec-Fetch-Mode:',
          'navigate`) with no cookie on',
          "a guarded route: the kit's 302 to login with the page as `returnTo`, against bare apps",
          'redirecting to the same URL, built from the request URL as an app writes its own',
          "redirect (without the kit's checks of that path): what signed-out visitors and",
          'crawlers cost. Peer:',
          'express-openid-connect (its encrypted cookie session and `requiresAuth()`), logged in',
          'against the same emulator.',
          '',
          'Controls. "bare + no-op middleware" is Express with one app-level and one route',
          'middleware that only call `next()`, and "bare + no-op hooks" Fastify with one',
          '`onRequest` hook and one route `preHandler` that only call `done()`: each',
          'framework\'s own cost for the shape the kit adds. "bare, nextTick shape kept" is the',
          "bare app holding one of `process.nextTick`'s tick objects, as every kit app does",
          '(`retainNextTickShape`, called when an adapter is mounted); the column "ratio to bare,',
          'nextTick shape kept" reads every scenario against it. Why: a Node process through',
          'which a few full garbage collections pass while no tick is queued (busy loading, or',
          'idle: between rounds here every server is idle for minutes) loses the hidden classes',
          'of its tick objects, and from then on builds every tick through a V8 runtime call:',
          '230 to 320 ns per `nextTick` instead of 30 on Node 20, 22 and 24, for good.',
          "Node's HTTP stack calls it about 9 times per request, some 2 to 3 us, 5 to 10 % of a",
          'Fastify request here. Which processes lose them depends on their heap and history,',
          'so bare processes sometimes do and sometimes not (`pnpm --filter @kit/bench',
          'next-tick` shows it deterministically). Against plain bare processes the kit can',
          'therefore look better than it is; against this control it cannot. The targets read',
          'plain bare, as issue 13 defines them; the summary names this control and the next',
          'beside each (their medians, "controls").',
          '',
          '"bare, in a kit process" is the bare app served on a second port by a kit process',
          'that is not the measured one: its own kit app is mounted, runs its start-up check',
          'and is signed into before every group as the measured one is, but never measured.',
          'The column "ratio to bare in a kit process" reads each kit row against it: the',
          "kit's per-request work, with what the kit does to a process held equal. The twin",
          "runs none of the kit's code and can still be slower than a bare process:",
          '`bench:process-cost` (its own section) serves the bare app from processes that',
          'differ only in what they did before serving; on Node 24 an Express process that had',
          "made a `fetch` (the kit's start-up check and logins do, through openid-client), or",
          'that held a second Express app, was the slower one (Fastify: within the noise).',
          "The twin used to share the measured kit app's process, which then held two apps",
          "and paid for it; a user's kit process holds one. The targets read the bare process,",
          'as issue 13 defines them.',
          '',
        ]),
    ...(meta.method === 'interleaved'
      ? [
          'Method. The scenarios compared with each other (same framework, same route) take',
          'turns in half-second slices (order reversed every other pass) until each has had',
          'the full duration, each server alone on CPU 0 (`taskset`) and the load generator',
          "on the other CPUs: a drift of the virtual machine's speed lasting seconds falls on",
          "all of them alike. A ratio is the bare server's CPU time per request (user +",
          "system, Linux `/proc`) over the scenario's: the throughput ratio at equal CPU.",
        ]
      : [
          'Method (`--side-by-side`). The scenarios compared with each other run at the same',
          'time, each under its own load generator, all servers sharing CPU 0 (`taskset`):',
          "steady against drift, but the servers also share the CPU's caches, which costs the",
          "larger working set (the kit's) more than the bare one, so kit ratios read low. A",
          "ratio is the bare server's CPU time per request (Linux `/proc`) over the",
          'scenario\'s; "req/s" is each server\'s throughput while sharing the CPU.',
        ]),
    ...((meta.processes ?? 1) > 1
      ? [
          `Each scenario has ${meta.processes} server processes, and round r measures process r mod`,
          `${meta.processes} of each: processes of one app differ by more than these targets' margins`,
          '(throughput.ts says by how much), so the median is over processes, not one of them.',
        ]
      : []),
    "Read the no-op controls first: their distance from 1.000 is the run's noise. Ratios",
    `are per round, shown as median (min-max) over ${meta.rounds} rounds.`,
    ...(meta.pinned
      ? []
      : [
          '\nNot pinned to CPUs (fewer than 2, no `taskset`, or `BENCH_PIN=off`): the servers ' +
            'and the load generator share the cores, and ratios move more between runs.',
        ]),
    '',
    ...runLines(meta.command, meta),
    '',
    // A run of some route kinds only (`--kinds`) may measure no target.
    ...(targets.length === 0 ? [] : [...targetLines(targets), '']),
    '| framework | scenario | req/s | server CPU us/req | ratio to bare | ratio to bare, nextTick shape kept | ratio to bare in a kit process | p50 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.framework} | ${r.scenario} | ${Math.round(r.requestsPerSec)} | ${r.cpuMicros === undefined ? '-' : r.cpuMicros.toFixed(1)} | ${ratioText(r.ratio, r.min, r.max)} | ${r.keptRatio === undefined ? '-' : ratioText(r.keptRatio)} | ${r.twin === undefined ? '-' : ratioText(r.twin.median, r.twin.min, r.twin.max)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
    ),
    '',
  ]
  return lines.join('\n')
}
