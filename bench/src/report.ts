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
    'Throughput of each adapter against the bare framework, measured in the same run on',
    'the same machine (load generator: autocannon, keep-alive, in its own process from',
    'the server). "guarded" is a request with a valid session cookie (and, for the kit, a fresh',
    'access token) through the guard (`requireAuth()` for the kit): it must make no network call. "public"',
    'is a route without a guard and without a cookie (the cost of mounting the kit).',
    'Ratios are what to compare; absolute numbers depend on the machine.',
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
