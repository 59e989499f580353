import { KitClient } from '@kit/core'
import { LISTENING_MARK } from './listening-mark.js'

/** Settings the bench runner passes to each server process. */
export interface ServerEnv {
  mode: 'bare' | 'noop' | 'kit' | 'eoc'
  port: number
  baseUrl: string
  environmentUrl: string
  clientId: string
  clientSecret: string
  sessionSecret: string
  /**
   * `BENCH_KEEP_TICK_SHAPE=1` (the bare app): hold one of `process.nextTick`'s tick
   * objects, as every kit app does (`retainNextTickShape` from `@kit/core/node`).
   */
  keepTickShape: boolean
  /**
   * `BENCH_TWIN_PORT`: the port of a bare app this process serves beside its own (kit
   * mode only): the bare framework in a process the kit has been through (throughput.ts,
   * "bare, in a kit process"; bench:process-cost).
   */
  twinPort: number | undefined
  /**
   * `BENCH_KIT_CHECK=off` (kit mode): the kit's start-up check off, so the kit app makes
   * no request to the environment (bench:process-cost splits the kit's process with it).
   */
  kitCheck: boolean
  /**
   * `BENCH_KIT_LISTEN=off` (kit mode, with a twin): the kit app is built and mounted but
   * never listens; only the twin serves.
   */
  kitListens: boolean
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
  const twinPort = env['BENCH_TWIN_PORT'] ? Number(env['BENCH_TWIN_PORT']) : undefined
  const kitListens = env['BENCH_KIT_LISTEN'] !== 'off'
  if (!kitListens && (mode !== 'kit' || twinPort === undefined)) {
    throw new Error('bench server: BENCH_KIT_LISTEN=off needs BENCH_MODE=kit and BENCH_TWIN_PORT')
  }
  return {
    mode: mode as ServerEnv['mode'],
    port,
    baseUrl: `http://localhost:${port}`,
    environmentUrl: get('KIT_ENVIRONMENT_URL'),
    clientId: get('KIT_CLIENT_ID'),
    clientSecret: get('KIT_CLIENT_SECRET'),
    sessionSecret: get('KIT_SESSION_SECRET'),
    keepTickShape: env['BENCH_KEEP_TICK_SHAPE'] === '1',
    twinPort,
    kitCheck: env['BENCH_KIT_CHECK'] !== 'off',
    kitListens,
  }
}

/**
 * The options every bench kit app mounts with, on a client of its own (as an app makes
 * its own): the runner's environment, its session secret, and the start-up check left
 * at its default unless `check` is false.
 */
export function kitOptionsOf(env: ServerEnv, { check = true }: { check?: boolean } = {}) {
  return {
    kit: new KitClient({
      environmentUrl: env.environmentUrl,
      clientId: env.clientId,
      clientSecret: env.clientSecret,
    }),
    baseUrl: env.baseUrl,
    session: { secret: env.sessionSecret },
    ...(check ? {} : { checkSetupOnStart: false as const }),
  }
}

/** Runs once the server listens: prints the "ready" line the runner waits for. */
export function afterListening(): void {
  // Under bench:process-cost --feedback, one property read V8's log records: the log then
  // tells start-up from serving (v8-feedback.ts).
  if (process.env['BENCH_V8_LOG'] === '1') readMark({ [LISTENING_MARK]: true })
  process.stdout.write('ready\n')
}

function readMark(mark: Record<string, boolean>): boolean {
  return mark[LISTENING_MARK] === true
}

/**
 * The kit's answer to an API request with no credentials on a guarded route (core's
 * `guard`, 401 `unauthenticated`), which the bare apps send from `/denied` so the
 * `denied` scenarios compare the same bytes. throughput.ts checks the kit still answers
 * exactly this before it measures.
 */
export const DENIED = {
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({
    error: { code: 'unauthenticated', message: 'Sign in to access this resource' },
  }),
} as const

/**
 * Where the bare apps send a browser from `/account` (the route the kit guards in the
 * `denied (browser, no session)` scenarios): the kit's login with the request's path as
 * `returnTo`, as an app redirecting to its own login page would build it from the
 * request URL (without the kit's checks of that path). throughput.ts checks the kit's 302
 * carries the same bytes.
 */
export function loginRedirect(baseUrl: string, requestUrl: string): string {
  return `${baseUrl}/auth/login?returnTo=${encodeURIComponent(requestUrl)}`
}
