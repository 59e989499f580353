/**
 * Starts what one browser test file drives: an in-memory emulator and one example app
 * (Express or Fastify) on free ports, wired like `pnpm demo` wires them. The app listens
 * first so its URL can be registered with the emulator (redirect URIs, IdP-initiated
 * login URI, webhook endpoint) before the app is built against the emulator's URL.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { EmulatorHandle } from '@kit/emulator'
import { createExpressExample } from '@kit/example-express'
import { createFastifyExample } from '@kit/example-fastify'
import type { ExampleConfig, WebhookLog } from '@kit/example-shared'
import { listenOnFreePort, startEmulatorForApp } from '@kit/test-support'

/** The example frameworks the suite covers. */
export type Framework = 'express' | 'fastify'

/** A running emulator + example app pair. */
export interface Stack {
  framework: Framework
  emulator: EmulatorHandle
  /** Base URL of the example app (`http://localhost:<port>`). */
  appUrl: string
  /** Webhook events the app has received. */
  webhooks: WebhookLog
  /** The `whsec_` secret the emulator signs with and the app verifies with. */
  webhookSecret: string
  /** The app's session secret (for test sessions made with `@kit/core/testing`). */
  sessionSecret: string
  close(): Promise<void>
}

/** Example settings a test file changes (e.g. a step-up window of a few seconds). */
export type StackOptions = Pick<ExampleConfig, 'recentLoginMaxAgeSeconds'>

/** Starts the emulator and the chosen example app; `close()` stops both. */
export async function startStack(framework: Framework, options: StackOptions = {}): Promise<Stack> {
  const server = createServer()
  const port = await listenOnFreePort(server)
  const appUrl = `http://localhost:${port}`
  const { emulator, webhookSecret } = await startEmulatorForApp(appUrl)
  const config: ExampleConfig = {
    environmentUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    sessionSecret: [randomBytes(32).toString('base64url')],
    webhookSecret,
    port,
    baseUrl: appUrl,
    ...options,
  }

  let webhooks: WebhookLog
  let closeApp: () => Promise<void>
  if (framework === 'express') {
    const example = createExpressExample(config)
    server.on('request', example.app)
    webhooks = example.webhooks
    closeApp = async () => {}
  } else {
    const example = await createFastifyExample(config, {
      serverFactory: (handler) => {
        server.on('request', handler)
        return server
      },
    })
    webhooks = example.webhooks
    closeApp = () => example.app.close()
  }

  return {
    framework,
    emulator,
    appUrl,
    webhooks,
    webhookSecret,
    sessionSecret: config.sessionSecret[0]!,
    async close() {
      await closeApp()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
      await emulator.stop()
    },
  }
}
