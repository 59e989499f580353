/**
 * Starts what one browser test file drives: an in-memory emulator on a free port with
 * the app's URLs registered, and a built Next.js test app served by `next start` on
 * another free port, configured only through `KIT_*` variables at start (one build
 * serves any emulator port).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { join } from 'node:path'
import {
  DEFAULT_CLIENTS,
  DEFAULT_SEED,
  type EmulatorHandle,
  type EmulatorOptions,
  generateWebhookSecret,
  type SeedData,
  startEmulator,
} from '@kit/emulator'
import { ensureBuilt, nextEnv, ROOT } from './next-build.js'

/** A running emulator + Next.js app pair. */
export interface NextStack {
  emulator: EmulatorHandle
  /** Base URL of the app (`http://localhost:<port>`). */
  appUrl: string
  /** The `whsec_` secret the emulator signs with and the app verifies with. */
  webhookSecret: string
  /** Everything `next start` printed so far (for failure messages and warning checks). */
  output(): string
  /** What `next build` printed when it built the app. */
  buildOutput: string
  close(): Promise<void>
}

/** A port that was free a moment ago (`next start` needs a number, not port 0). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * The demo seed with its application client registered for this app's URL. The app is
 * reached as `localhost` and the emulator as `127.0.0.1`, so they never share cookies.
 */
function seedFor(appUrl: string): SeedData {
  const clients = DEFAULT_CLIENTS.map((client) =>
    client.kind === 'application'
      ? {
          ...client,
          redirect_uris: [`${appUrl}/auth/callback`],
          post_logout_redirect_uris: [`${appUrl}/`],
          initiate_login_uri: `${appUrl}/auth/callback`,
        }
      : client,
  )
  return { ...DEFAULT_SEED, clients }
}

async function waitUntilAnswering(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output()}`)
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      return
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  throw new Error(`next start did not answer at ${url} within 30 s:\n${output()}`)
}

/** Options of {@link startNextStack}. */
export interface NextStackOptions {
  /** Extra emulator options (short token lifetimes for the refresh test). */
  emulator?: Partial<EmulatorOptions>
}

/**
 * Builds `test-apps/<app>` if needed, starts the emulator and `next start`, and waits
 * until the app answers. `close()` stops both.
 */
export async function startNextStack(app: string, opts: NextStackOptions = {}): Promise<NextStack> {
  const { distDir, output: buildOutput } = await ensureBuilt(app)
  const port = await freePort()
  const appUrl = `http://localhost:${port}`
  const webhookSecret = generateWebhookSecret()
  const emulator = await startEmulator({
    port: 0,
    dbPath: ':memory:',
    seed: seedFor(appUrl),
    webhookUrl: `${appUrl}/webhooks`,
    webhookSecret,
    webhookRetry: { maxAttempts: 3, baseDelayMs: 50 },
    log: () => {},
    ...opts.emulator,
  })
  const appDir = join(ROOT, 'test-apps', app)
  const next = join(appDir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', 'localhost'], {
    cwd: appDir,
    env: nextEnv({
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_BASE_URL: appUrl,
      KIT_SESSION_SECRET: randomBytes(32).toString('base64url'),
      KIT_WEBHOOK_SECRET: webhookSecret,
      KIT_TEST_DIST_DIR: distDir,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += chunk
  })
  child.stderr?.on('data', (chunk) => {
    output += chunk
  })
  const read = () => output
  try {
    await waitUntilAnswering(`${appUrl}/`, child, read)
  } catch (error) {
    child.kill('SIGKILL')
    await emulator.stop()
    throw error
  }
  return {
    emulator,
    appUrl,
    webhookSecret,
    output: read,
    buildOutput,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
        await exited
        clearTimeout(timer)
      }
      await emulator.stop()
    },
  }
}
