/** One line of the results table. */
export interface Row {
  framework: string
  scenario: string
  requestsPerSec: number
  /** Throughput relative to the bare framework serving the same kind of route. */
  ratio: number
  p50: number
  p99: number
}

/** The Markdown written to docs/benchmarks.md. */
export function renderReport(
  rows: Row[],
  meta: { date: string; node: string; cpu: string; command: string },
): string {
  const lines = [
    '# Benchmarks',
    '',
    'Throughput of each adapter against the bare framework and a peer kit, measured in',
    'the same run on the same machine (load generator: autocannon, keep-alive, 50',
    'connections, in its own process). "guarded" is a request with a valid session',
    'cookie through the guard (`requireAuth()`; for the kit the access token is fresh,',
    'so no network call is made); the bare app receives the same cookie bytes and',
    'ignores them, so the ratio is the work of the kit itself. "public" is a route',
    'without a guard or cookie: the cost of mounting the kit. Ratios are what to',
    'compare; on a 2-core machine shared by server and load generator they move by',
    'about ±0.1 between runs. Peer: express-openid-connect (its encrypted cookie',
    'session and `requiresAuth()`), logged in against the same emulator. "bare + no-op',
    'middleware" is Express with one app-level and one route middleware that only call',
    "`next()`: the framework's own cost for the shape the kit adds.",
    '',
    `- command: \`${meta.command}\``,
    `- date: ${meta.date}; Node ${meta.node}; ${meta.cpu}`,
    '',
    '| framework | scenario | req/s | ratio to bare | p50 ms | p99 ms |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.framework} | ${r.scenario} | ${Math.round(r.requestsPerSec)} | ${r.ratio.toFixed(2)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
    ),
    '',
  ]
  return lines.join('\n')
}
