/**
 * Starts what one Next.js browser test file drives: an in-memory emulator with the app's
 * URLs registered, and the built test app served by `next start` on a free port,
 * configured only through `KIT_*` variables at start (one build serves any emulator port).
 */
import { randomBytes } from 'node:crypto'
import type { EmulatorHandle, EmulatorOptions } from '@kit/emulator'
import {
  ensureBuilt,
  freePort,
  startEmulatorForApp,
  startNextServer,
  stopProcess,
  waitUntilAnswering,
} from '@kit/test-support'

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
  const { emulator, webhookSecret } = await startEmulatorForApp(appUrl, { emulator: opts.emulator })
  const server = startNextServer(app, {
    port,
    host: 'localhost',
    distDir,
    env: {
      KIT_ENVIRONMENT_URL: emulator.url,
      KIT_CLIENT_ID: emulator.clientId,
      KIT_CLIENT_SECRET: emulator.clientSecret,
      KIT_BASE_URL: appUrl,
      KIT_SESSION_SECRET: randomBytes(32).toString('base64url'),
      KIT_WEBHOOK_SECRET: webhookSecret,
    },
  })
  const close = async () => {
    await stopProcess(server.child, 5000)
    await emulator.stop()
  }
  try {
    await waitUntilAnswering(`next start of ${app}`, server, `${appUrl}/`)
  } catch (error) {
    await close()
    throw error
  }
  return { emulator, appUrl, webhookSecret, output: server.output, buildOutput, close }
}
