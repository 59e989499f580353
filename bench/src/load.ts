import autocannon from 'autocannon'
import { cpuSecondsOf } from './processes.js'

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

/** A server to drive in {@link measureInSlices}: its URL, request headers and process. */
export interface SliceTarget {
  url: string
  headers?: Record<string, string>
  pid: number | undefined
}

/** What {@link measureInSlices} adds up for one server over its slices. */
export interface SliceTotals {
  requests: number
  /** The server's CPU seconds over its slices; undefined where /proc cannot be read. */
  cpu: number | undefined
  /** Mean over slices of each slice's median latency. */
  p50: number
  /** Worst slice's 99th percentile latency. */
  p99: number
  non2xx: number
  errors: number
}

/**
 * Servers compared with each other take turns, `slices` times each, in slices of
 * `sliceSec` (order reversed every other pass), so a drift of the machine's speed lasting
 * seconds falls on all of them alike; each server's CPU time is read around its own
 * slices only. The method of bench:throughput and bench:process-cost.
 */
export async function measureInSlices(
  targets: readonly SliceTarget[],
  opts: { slices: number; sliceSec: number; connections: number },
): Promise<SliceTotals[]> {
  const totals: SliceTotals[] = targets.map(() => ({
    requests: 0,
    cpu: 0,
    p50: 0,
    p99: 0,
    non2xx: 0,
    errors: 0,
  }))
  for (let k = 0; k < opts.slices; k++) {
    const order = targets.map((_, i) => (k % 2 === 0 ? i : targets.length - 1 - i))
    for (const i of order) {
      const target = targets[i]!
      const total = totals[i]!
      const before = cpuSecondsOf(target.pid)
      const result = await measure(target.url, {
        headers: target.headers,
        durationSec: opts.sliceSec,
        connections: opts.connections,
      })
      const after = cpuSecondsOf(target.pid)
      total.requests += result.requests
      total.cpu =
        total.cpu === undefined || before === undefined || after === undefined
          ? undefined
          : total.cpu + (after - before)
      total.p50 += result.latencyP50Ms / opts.slices
      total.p99 = Math.max(total.p99, result.latencyP99Ms)
      total.non2xx += result.non2xx
      total.errors += result.errors
    }
  }
  return totals
}
