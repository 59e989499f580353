import autocannon from 'autocannon'

/** One measured scenario's numbers. */
export interface LoadResult {
  requestsPerSec: number
  latencyP50Ms: number
  latencyP99Ms: number
  non2xx: number
  errors: number
}

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
  })
  return {
    requestsPerSec: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}
