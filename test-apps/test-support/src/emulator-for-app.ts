/**
 * An in-memory emulator on a free port with the demo seed's application client
 * registered for the app under test, the way `pnpm demo` wires the examples. The app is
 * reached as `localhost` and the emulator as `127.0.0.1`, so the two never share
 * cookies, as with a hosted environment on its own domain.
 */
import {
  DEFAULT_CLIENTS,
  DEFAULT_SEED,
  type EmulatorHandle,
  type EmulatorOptions,
  generateWebhookSecret,
  type SeedData,
  startEmulator,
} from '@kit/emulator'

/** Options of {@link seedForApp}. */
export interface AppSeedOptions {
  /**
   * Registers `<appUrl>/auth/backchannel-logout`, so signing out at the emulator sends
   * the app a logout token. Off by default: the browser suites log out at the app.
   */
  backchannelLogout?: boolean
}

/** The demo seed with its application client's URLs pointing at `appUrl`. */
export function seedForApp(appUrl: string, options: AppSeedOptions = {}): SeedData {
  const clients = DEFAULT_CLIENTS.map((client) =>
    client.kind === 'application'
      ? {
          ...client,
          redirect_uris: [`${appUrl}/auth/callback`],
          post_logout_redirect_uris: [`${appUrl}/`],
          initiate_login_uri: `${appUrl}/auth/callback`,
          ...(options.backchannelLogout
            ? { backchannel_logout_uri: `${appUrl}/auth/backchannel-logout` }
            : {}),
        }
      : client,
  )
  return { ...DEFAULT_SEED, clients }
}

/** A running emulator and the webhook secret it signs the app's deliveries with. */
export interface AppEmulator {
  emulator: EmulatorHandle
  /** The `whsec_` secret the emulator signs with and the app verifies with. */
  webhookSecret: string
}

/** Options of {@link startEmulatorForApp}: the seed's, plus emulator options to override. */
export interface AppEmulatorOptions extends AppSeedOptions {
  emulator?: Partial<EmulatorOptions>
}

/**
 * Starts the emulator for the app at `appUrl`: its client registered there, webhooks
 * delivered to `<appUrl>/webhooks` with a fresh secret and quick retries, and no log.
 */
export async function startEmulatorForApp(
  appUrl: string,
  options: AppEmulatorOptions = {},
): Promise<AppEmulator> {
  const webhookSecret = generateWebhookSecret()
  const emulator = await startEmulator({
    port: 0,
    dbPath: ':memory:',
    seed: seedForApp(appUrl, options),
    webhookUrl: `${appUrl}/webhooks`,
    webhookSecret,
    webhookRetry: { maxAttempts: 3, baseDelayMs: 50 },
    log: false,
    ...options.emulator,
  })
  return { emulator, webhookSecret }
}
