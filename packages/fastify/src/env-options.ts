import { KitClient, KitError, type KitRoutesConfig } from '@kit/core'

/** Where settings not given in code are read from (`process.env` by default). */
export type EnvSource = Record<string, string | undefined>

/**
 * The route configuration with its required parts optional: each missing one is read
 * from the environment (`KIT_ENVIRONMENT_URL`, `KIT_CLIENT_ID`, `KIT_CLIENT_SECRET`,
 * `KIT_BASE_URL`, `KIT_SESSION_SECRET`, `KIT_WEBHOOK_SECRET`).
 */
export interface KitEnvConfig extends Omit<KitRoutesConfig, 'kit' | 'baseUrl' | 'session'> {
  /** Default: `KitClient.fromEnv(env)`. */
  kit?: KitRoutesConfig['kit']
  /** Default: `KIT_BASE_URL`. */
  baseUrl?: string
  /** `secret` defaults to `KIT_SESSION_SECRET` (comma-separated for rotation, newest first). */
  session?: Partial<KitRoutesConfig['session']>
  /** Read instead of `process.env` (tests, secrets managers). */
  env?: EnvSource
}

/** `KIT_SESSION_SECRET` may list several secrets, comma-separated, newest first (rotation). */
function splitSecrets(value: string | undefined): string | string[] | undefined {
  if (value === undefined || !value.includes(',')) return value
  return value.split(',').map((s) => s.trim())
}

function required<T>(value: T | undefined, message: string): T {
  if (value === undefined || value === '') throw new KitError('ERR_KIT_CONFIG', message)
  return value
}

/**
 * Fills settings not given in code from the environment, naming both the option and
 * the variable when neither is set, so a misconfigured app stops at start-up.
 * Validation of the values themselves is core's (`createKitRoutes`).
 *
 * @example
 * ```ts
 * const config = resolveEnvConfig({ onWebhook }, process.env)
 * ```
 */
export function resolveEnvConfig(options: KitEnvConfig): KitRoutesConfig {
  const { env: given, kit, baseUrl, session, webhookSecret, ...rest } = options
  const env: EnvSource = given ?? process.env
  const secret = session?.secret ?? splitSecrets(env['KIT_SESSION_SECRET'])
  return {
    ...rest,
    kit: kit ?? KitClient.fromEnv(env),
    baseUrl: required(
      baseUrl ?? env['KIT_BASE_URL'],
      'baseUrl is required (or set KIT_BASE_URL): the public origin of the app, e.g. https://app.example.com',
    ),
    session: {
      ...session,
      secret: required(
        secret,
        'session.secret is required (or set KIT_SESSION_SECRET): 32+ random characters',
      ),
    },
    webhookSecret: webhookSecret ?? env['KIT_WEBHOOK_SECRET'],
  }
}
