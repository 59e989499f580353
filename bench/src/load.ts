import autocannon from 'autocannon'

/** One measured scenario's numbers. */
export interface LoadResult {
  requestsPerSec: number
  /** Requests answered in the run. */
  requests: number
  latencyP50Ms: number
  latencyP99Ms: number
  non2xx: number
  errors: number
}

/**
 * autocannon counts requests per sample and checks its stop flag only when a sample
 * ends, so a run lasts a whole number of samples: a quarter of a second, rather than its
 * default second, lets the short form (`--quick`) run for half a second.
 */
const SAMPLE_MS = 250

/** Drives `url` with keep-alive connections for `durationSec` and summarises it. */
export async function measure(
  url: string,
  opts: { headers?: Record<string, string>; durationSec: number; connections: number },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    headers: opts.headers ?? {},
    connections: opts.connections,
    duration: opts.durationSec,
    pipelining: 1,
    sampleInt: SAMPLE_MS,
  })
  return {
    requestsPerSec: result.requests.average * (1000 / SAMPLE_MS),
    requests: result.requests.total,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}
