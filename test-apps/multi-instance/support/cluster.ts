/**
 * Starts what the multi-instance test drives: one emulator (in this process, port 0),
 * one redis-server, the app instances as separate Node processes (two Express, one
 * Fastify, and `next start` of test-apps/next16) configured only through environment
 * variables, and a round-robin proxy in front whose origin is every instance's base
 * URL, registered with the emulator for redirects, the webhook endpoint and the
 * back-channel logout URI.
 */
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { EmulatorHandle } from '@kit/emulator'
import {
  ensureBuilt,
  freePort,
  type RunningProcess,
  startEmulatorForApp,
  startNextServer,
  startProcess,
  stopProcess,
  waitForOutput,
} from '@kit/test-support'
// @kit/redis's own test helper: a throwaway redis-server on a free port, restartable.
import {
  type RedisServer,
  startRedisServer,
} from '../../../packages/redis/test/support/redis-server.js'
import { type RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy.js'

/** One app instance process. */
export interface Instance {
  name: string
  framework: 'express' | 'fastify' | 'next'
  /** Its own origin (`http://127.0.0.1:<port>`), for requests that bypass the proxy. */
  url: string
  /** Everything it printed (for failure messages). */
  output(): string
}

/** The running cluster. */
export interface Cluster {
  emulator: EmulatorHandle
  redis: RedisServer
  proxy: RoundRobinProxy
  instances: Instance[]
  webhookSecret: string
  close(): Promise<void>
}

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  /** Access token lifetime at the emulator, in seconds. */
  accessTokenTtl: number
  /** Each instance's `refreshSkewSeconds`, in seconds. */
  refreshSkewSeconds: number
}

const LAYOUT: { name: string; framework: Instance['framework'] }[] = [
  { name: 'express-a', framework: 'express' },
  { name: 'express-b', framework: 'express' },
  { name: 'fastify-c', framework: 'fastify' },
  { name: 'next-d', framework: 'next' },
]

/** Environment of an instance: the parent's, minus any KIT_* it happens to carry. */
function instanceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
  for (const key of Object.keys(env)) if (key.startsWith('KIT_')) delete env[key]
  return { ...env, ...extra }
}

/**
 * The instance's process: Express and Fastify run their entry in src/ from source;
 * Next.js serves the built test app (`distDir` from {@link ensureBuilt}) with
 * `next start`, which reads `REDIS_URL` and the `KIT_*` settings at start.
 */
function spawnInstance(
  layout: (typeof LAYOUT)[number],
  env: Record<string, string>,
  port: number,
  nextDistDir: string,
): RunningProcess {
  const settings = { ...env, INSTANCE_NAME: layout.name, PORT: String(port) }
  if (layout.framework === 'next') {
    return startNextServer('next16', {
      port,
      host: '127.0.0.1',
      distDir: nextDistDir,
      env: settings,
    })
  }
  const entry = fileURLToPath(new URL(`../src/${layout.framework}-instance.ts`, import.meta.url))
  return startProcess(process.execPath, ['--conditions=@kit/source', '--import', 'tsx', entry], {
    env: instanceEnv(settings),
  })
}

async function startInstance(
  layout: (typeof LAYOUT)[number],
  env: Record<string, string>,
  nextDistDir: string,
  onSpawn: (running: RunningProcess) => void,
): Promise<Instance> {
  const port = await freePort()
  const running = spawnInstance(layout, env, port, nextDistDir)
  onSpawn(running)
  // `ready` from src/*-instance.ts, `Ready in` from next start.
  await waitForOutput(layout.name, running, /ready/i)
  return { ...layout, url: `http://127.0.0.1:${port}`, output: running.output }
}

/** Waits until `instance` answers its `/test/redis-metrics` route with a 200. */
async function untilMetricsAnswer(instance: Instance): Promise<void> {
  const deadline = Date.now() + 30_000
  let last = ''
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${instance.url}/test/redis-metrics`)
      last = `${res.status} ${await res.text()}`
      if (res.ok) return
    } catch (error) {
      last = String(error)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(
    `${instance.name}: /test/redis-metrics never answered 200 (${last}):\n${instance.output()}`,
  )
}

/** Starts everything; `close()` stops it all, whatever failed. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const closers: (() => Promise<void>)[] = []
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => {})
  }
  try {
    // Builds test-apps/next16 unless the browser suite (or an earlier run) already has.
    const { distDir } = await ensureBuilt('next16')
    const proxy = await startRoundRobinProxy()
    closers.push(() => proxy.close())
    const redis = await startRedisServer()
    closers.push(() => redis.stop())
    const { emulator, webhookSecret } = await startEmulatorForApp(proxy.url, {
      backchannelLogout: true,
      emulator: {
        webhookRetry: { maxAttempts: 2, baseDelayMs: 50, pollMs: 50 },
        accessTokenTtl: options.accessTokenTtl,
      },
    })
    closers.push(() => emulator.stop())
    const env = {
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_BASE_URL: proxy.url,
      KIT_SESSION_SECRET: randomBytes(32).toString('base64url'),
      KIT_WEBHOOK_SECRET: webhookSecret,
      KIT_TEST_REFRESH_SKEW: String(options.refreshSkewSeconds),
      REDIS_URL: redis.url,
    }
    const instances = await Promise.all(
      LAYOUT.map((layout) =>
        startInstance(layout, env, distDir, ({ child }) => closers.push(() => stopProcess(child))),
      ),
    )
    // Each instance answers, its Redis stores created and connected, before any test
    // request: Next.js loads the app's modules (and so creates the stores) lazily.
    await Promise.all(instances.map((instance) => untilMetricsAnswer(instance)))
    proxy.setTargets(instances.map((i) => i.url))
    return { emulator, redis, proxy, instances, webhookSecret, close }
  } catch (error) {
    await close()
    throw error
  }
}
