/**
 * Configuration of the example apps, read from environment variables with defaults
 * that point at the local emulator started by `pnpm demo`. Pointing an example at a
 * hosted environment only takes KIT_ENVIRONMENT_URL, KIT_CLIENT_ID and KIT_CLIENT_SECRET.
 */

/** Settings both example apps need. */
export interface ExampleConfig {
  environmentUrl: string
  clientId: string
  clientSecret: string
  /** One or more session secrets (comma separated in KIT_SESSION_SECRET; newest first). */
  sessionSecret: string[]
  /** Standard Webhooks secret (`whsec_...`); without it `POST /webhooks` is not verified and is refused. */
  webhookSecret: string | undefined
  port: number
  /** Public URL of the app, used for the OAuth callback and post-logout redirect. */
  baseUrl: string
  /**
   * How recent a login `/account/security` requires (`requireRecentLogin`), in seconds;
   * default 300. The browser tests set a few seconds.
   */
  recentLoginMaxAgeSeconds?: number
}

/** A setting is present but unusable; the message names it. */
export class ExampleConfigError extends Error {
  readonly code = 'ERR_EXAMPLE_CONFIG'
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting}: ${message}`)
    this.name = 'ExampleConfigError'
  }
}

/**
 * Credentials of the emulator's demo application client with its default seed (fixed
 * values, documented in the emulator README). Only meaningful against the emulator.
 */
export const EMULATOR_DEMO_DEFAULTS = {
  environmentUrl: 'http://localhost:4000',
  clientId: 'skc_demo_app',
  clientSecret: 'sks_demo_app_local_development_secret',
  webhookSecret: 'whsec_ZGVtby13ZWJob29rLXNlY3JldC1rZXk=',
} as const

/** Development-only session secret; production deployments must set KIT_SESSION_SECRET. */
const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789'

type Env = Record<string, string | undefined>

function url(env: Env, name: string, fallback: string): string {
  const value = env[name]?.trim() || fallback
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    throw new ExampleConfigError(name, `"${value}" is not an absolute URL`)
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ExampleConfigError(name, 'must be an http(s) URL')
  }
  return value.replace(/\/+$/, '')
}

function port(env: Env, fallback: number): number {
  const raw = env['PORT']?.trim()
  if (!raw) return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ExampleConfigError('PORT', `"${raw}" is not a port number (0-65535)`)
  }
  return value
}

function isLocal(environmentUrl: string): boolean {
  const host = new URL(environmentUrl).hostname
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]'
}

function credential(env: Env, name: string, local: boolean, fallback: string): string {
  const value = env[name]?.trim()
  if (value) return value
  if (local) return fallback
  throw new ExampleConfigError(name, 'is required when KIT_ENVIRONMENT_URL is not a local emulator')
}

/**
 * Reads the example's configuration. Throws {@link ExampleConfigError} naming the
 * variable when a value is malformed (never starts with a half-valid setup).
 *
 * @example
 * const config = loadExampleConfig(process.env, { defaultPort: 3000 })
 */
export function loadExampleConfig(env: Env, options: { defaultPort: number }): ExampleConfig {
  const listenPort = port(env, options.defaultPort)
  const secrets = (env['KIT_SESSION_SECRET'] || DEV_SESSION_SECRET)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const secret of secrets) {
    if (secret.length < 32) {
      throw new ExampleConfigError('KIT_SESSION_SECRET', 'each secret needs at least 32 characters')
    }
  }
  const environmentUrl = url(env, 'KIT_ENVIRONMENT_URL', EMULATOR_DEMO_DEFAULTS.environmentUrl)
  // The demo credentials only exist in a local emulator: a hosted environment must
  // come with its own client, or every login would fail later with invalid_client.
  const local = isLocal(environmentUrl)
  return {
    environmentUrl,
    clientId: credential(env, 'KIT_CLIENT_ID', local, EMULATOR_DEMO_DEFAULTS.clientId),
    clientSecret: credential(env, 'KIT_CLIENT_SECRET', local, EMULATOR_DEMO_DEFAULTS.clientSecret),
    sessionSecret: secrets,
    webhookSecret:
      env['KIT_WEBHOOK_SECRET']?.trim() ||
      (local ? EMULATOR_DEMO_DEFAULTS.webhookSecret : undefined),
    port: listenPort,
    baseUrl: url(env, 'BASE_URL', `http://localhost:${listenPort}`),
  }
}
