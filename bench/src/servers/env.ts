/** Settings the bench runner passes to each server process. */
export interface ServerEnv {
  mode: 'bare' | 'noop' | 'kit' | 'eoc'
  port: number
  baseUrl: string
  environmentUrl: string
  clientId: string
  clientSecret: string
  sessionSecret: string
  /** `BENCH_FETCH_ONCE=1`: make one outbound `fetch` once listening (see {@link afterListening}). */
  fetchOnce: boolean
  /**
   * `BENCH_TWIN_PORT`: the port of a bare app this process serves beside its own (kit
   * mode only), so the kit's work can be measured against the same framework in the
   * same process, with the same history (throughput.ts, "in the kit's process").
   */
  twinPort: number | undefined
}

/** Reads the runner's settings; a missing one is a bug in the runner, so fail loudly. */
export function readServerEnv(env: NodeJS.ProcessEnv = process.env): ServerEnv {
  const get = (name: string): string => {
    const value = env[name]
    if (!value) throw new Error(`bench server: ${name} is not set`)
    return value
  }
  const mode = get('BENCH_MODE')
  if (!['bare', 'noop', 'kit', 'eoc'].includes(mode))
    throw new Error(`bench server: bad BENCH_MODE ${mode}`)
  const port = Number(get('PORT'))
  return {
    mode: mode as ServerEnv['mode'],
    port,
    baseUrl: `http://localhost:${port}`,
    environmentUrl: get('KIT_ENVIRONMENT_URL'),
    clientId: get('KIT_CLIENT_ID'),
    clientSecret: get('KIT_CLIENT_SECRET'),
    sessionSecret: get('KIT_SESSION_SECRET'),
    fetchOnce: env['BENCH_FETCH_ONCE'] === '1',
    twinPort: env['BENCH_TWIN_PORT'] ? Number(env['BENCH_TWIN_PORT']) : undefined,
  }
}

/**
 * Runs once the server listens, then prints the "ready" line the runner waits for. With
 * `fetchOnce`, first one `fetch` of the environment's discovery document: the process
 * history every kit app has (its start-up check, then each login, call `fetch` while
 * the server listens). On Node 20 such a `fetch` leaves some processes with a
 * `process.nextTick` several times slower for good (src/next-tick.ts; docs/benchmarks.md,
 * "bare, after one fetch"): the control gives the bare app the same chance of it.
 */
export async function afterListening(env: ServerEnv): Promise<void> {
  if (env.fetchOnce) {
    const response = await fetch(`${env.environmentUrl}/.well-known/openid-configuration`)
    await response.arrayBuffer()
    if (!response.ok) throw new Error(`bench server: the one fetch answered ${response.status}`)
  }
  process.stdout.write('ready\n')
}
