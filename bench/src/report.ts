import type { Target } from './section.js'

/** One line of the throughput table. */
export interface Row {
  framework: string
  scenario: string
  requestsPerSec: number
  /** Throughput relative to the bare framework serving the same kind of route (median of rounds). */
  ratio: number
  min: number
  max: number
  p50: number
  p99: number
  /** Server CPU time per request in microseconds (mean over rounds), when it could be read. */
  cpuMicros?: number | undefined
  /** Share of one CPU the server used while under load (mean over rounds). */
  busy?: number | undefined
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
        `| ${t.id}${t.label ? `, ${t.label}` : ''} | ${ratioText(t.measured, t.min, t.max)} ${t.unit} | ${t.goal} | ${t.met ? '**met**' : '**not met**'} |`,
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
    pinned: boolean
  },
): string {
  const lines = [
    '## Throughput: public and guarded routes (targets 1 and 2, Express and Fastify)',
    '',
    'Each adapter against the bare framework and a peer kit, in the same run on the same',
    'machine (load generator: autocannon, keep-alive, 50 connections, in its own process;',
    'each server in its own process). "guarded" is a request with a valid session cookie',
    'through the guard (`requireAuth()`; the access token is fresh, so no network call is',
    'made); the bare app receives the same cookie bytes and ignores them, so the ratio is',
    'the work of the kit itself. "public" is a route without a guard or cookie: the cost',
    'of mounting the kit. "guarded, 2-cookie session" is the same with a session that',
    'needs two cookies (`kit_session.0` and `.1`, about 6 KB: a user whose role grants 50',
    'permissions), the chunked path B2B sessions take; no target names it. Peer:',
    'express-openid-connect (its encrypted cookie session and',
    '`requiresAuth()`), logged in against the same emulator. "bare + no-op middleware" is',
    'Express with one app-level and one route middleware that only call `next()`, and',
    '"bare + no-op hooks" Fastify with one `onRequest` hook and one route `preHandler` that',
    "only call `done()`: each framework's own cost for the shape the kit adds, a floor",
    'under the kit\'s ratio. "server CPU us/req" is the server process\'s user + system CPU',
    'time per request (Linux `/proc`), and "server busy" the share of its CPU it used:',
    'below about 95 % the load generator, not the server, set the pace (Fastify on a',
    '2-core machine), and throughput ratios then understate the difference in cost.',
    'Every round measures each scenario',
    `once (order alternating); ratios are per round, shown as median (min-max) over ${meta.rounds}`,
    'rounds.',
    meta.pinned
      ? 'The server under load runs alone on CPU 0 and the load generator on the other CPUs ' +
        '(`taskset`): sharing a core, they moved ratios by about 5 % between runs; pinned, by ' +
        'about 2 % on a quiet machine. On a shared virtual machine the CPU itself slows for ' +
        'seconds at a time (the same bare server has measured 130 to 230 us of CPU per ' +
        'request within one run), and then every range widens. Read the no-op controls ' +
        "first: they cost next to nothing, so their distance from 1.000 is the run's noise, " +
        'and a kit ratio closer to its goal than that is a close call either way.'
      : 'Not pinned to CPUs (fewer than 2, no `taskset`, or `BENCH_PIN=off`): server and load ' +
        'generator share the cores, and ratios move by about 5 % between runs.',
    '',
    `- command: \`${meta.command}\``,
    `- date: ${meta.date}; Node ${meta.node}; ${meta.cpu}; load average ${meta.load}`,
    '',
    ...targetLines(targets),
    '',
    '| framework | scenario | req/s | ratio to bare | p50 ms | p99 ms | server CPU us/req | server busy |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.framework} | ${r.scenario} | ${Math.round(r.requestsPerSec)} | ${ratioText(r.ratio, r.min, r.max)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.cpuMicros === undefined ? '-' : r.cpuMicros.toFixed(1)} | ${r.busy === undefined ? '-' : `${Math.round(r.busy * 100)} %`} |`,
    ),
    '',
  ]
  return lines.join('\n')
}
