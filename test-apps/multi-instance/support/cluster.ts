/**
 * Starts what the multi-instance test drives: one emulator (in this process, port 0),
 * one redis-server, the app instances as separate Node processes (two Express, one
 * Fastify, and `next start` of test-apps/next16) configured only through environment
 * variables, and a round-robin proxy in front whose origin is every instance's base
 * URL, registered with the emulator for redirects, the webhook endpoint and the
 * back-channel logout URI.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_CLIENTS,
  DEFAULT_SEED,
  type EmulatorHandle,
  generateWebhookSecret,
  type SeedData,
  startEmulator,
} from '@kit/emulator'
// @kit/redis's own test helper: a throwaway redis-server on a free port, restartable.
import {
  type RedisServer,
  startRedisServer,
} from '../../../packages/redis/test/support/redis-server.js'
// The browser suite's build of test-apps/next16: same sources, same hash, one build.
import { ensureBuilt, nextEnv, ROOT } from '../../next-e2e/support/next-build.js'
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
  /** Each instance's `refreshSkew`, in seconds. */
  refreshSkew: number
}

const LAYOUT: { name: string; framework: Instance['framework'] }[] = [
  { name: 'express-a', framework: 'express' },
  { name: 'express-b', framework: 'express' },
  { name: 'fastify-c', framework: 'fastify' },
  { name: 'next-d', framework: 'next' },
]

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** The demo seed with its application client registered at the proxy's origin. */
function seedFor(appUrl: string): SeedData {
  const clients = DEFAULT_CLIENTS.map((client) =>
    client.kind === 'application'
      ? {
          ...client,
          redirect_uris: [`${appUrl}/auth/callback`],
          post_logout_redirect_uris: [`${appUrl}/`],
          backchannel_logout_uri: `${appUrl}/auth/backchannel-logout`,
        }
      : client,
  )
  return { ...DEFAULT_SEED, clients }
}

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
): ChildProcess {
  const settings = { ...env, INSTANCE_NAME: layout.name, PORT: String(port) }
  if (layout.framework === 'next') {
    const appDir = join(ROOT, 'test-apps', 'next16')
    const next = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
    return spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: appDir,
      env: nextEnv({ ...settings, KIT_TEST_DIST_DIR: nextDistDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  }
  const entry = fileURLToPath(new URL(`../src/${layout.framework}-instance.ts`, import.meta.url))
  return spawn(process.execPath, ['--conditions=@kit/source', '--import', 'tsx', entry], {
    env: instanceEnv(settings),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

async function startInstance(
  layout: (typeof LAYOUT)[number],
  env: Record<string, string>,
  nextDistDir: string,
  onSpawn: (child: ChildProcess) => void,
): Promise<Instance> {
  const port = await freePort()
  const child = spawnInstance(layout, env, port, nextDistDir)
  onSpawn(child)
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${layout.name} did not start within 30 s:\n${output}`)),
      30_000,
    )
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${layout.name} exited with ${code}:\n${output}`))
    })
    // `ready` from src/*-instance.ts, `Ready in` from next start.
    child.stdout?.on('data', () => {
      if (/ready/i.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  return { ...layout, url: `http://127.0.0.1:${port}`, output: () => output }
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
  await exited
  clearTimeout(timer)
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
    const webhookSecret = generateWebhookSecret()
    const emulator = await startEmulator({
      port: 0,
      dbPath: ':memory:',
      seed: seedFor(proxy.url),
      webhookUrl: `${proxy.url}/webhooks`,
      webhookSecret,
      webhookRetry: { maxAttempts: 2, baseDelayMs: 50, pollMs: 50 },
      accessTokenTtl: options.accessTokenTtl,
      log: false,
    })
    closers.push(() => emulator.stop())
    const env = {
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_BASE_URL: proxy.url,
      KIT_SESSION_SECRET: randomBytes(32).toString('base64url'),
      KIT_WEBHOOK_SECRET: webhookSecret,
      KIT_TEST_REFRESH_SKEW: String(options.refreshSkew),
      REDIS_URL: redis.url,
    }
    const instances = await Promise.all(
      LAYOUT.map((layout) =>
        startInstance(layout, env, distDir, (child) => closers.push(() => stopChild(child))),
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
