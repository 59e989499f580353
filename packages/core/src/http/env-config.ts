import { KitClient } from '../client.js'
import { KitError } from '../errors.js'
import type { KitRoutesConfig } from './types.js'

/** Environment variables as plain strings, e.g. the `process.env` an adapter passes in. */
export type EnvSource = Record<string, string | undefined>

/**
 * The route configuration with its required parts optional: each missing one is read
 * from the environment (`KIT_ENVIRONMENT_URL`, `KIT_CLIENT_ID`, `KIT_CLIENT_SECRET`,
 * `KIT_BASE_URL`, `KIT_SESSION_SECRET`, `KIT_WEBHOOK_SECRET`). Adapters take it as
 * their options, so every framework fills the same settings from the same variables.
 */
export interface KitEnvConfig extends Omit<KitRoutesConfig, 'kit' | 'baseUrl' | 'session'> {
  /** Default: `KitClient.fromEnv(env)`. */
  kit?: KitRoutesConfig['kit']
  /** Default: `KIT_BASE_URL`. */
  baseUrl?: string
  /** `secret` defaults to `KIT_SESSION_SECRET` (comma-separated for rotation, newest first). */
  session?: Partial<KitRoutesConfig['session']>
  /** Read instead of the environment the adapter passes (tests, secrets managers). */
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
 * Fills settings not given in code from environment variables, naming both the option
 * and the variable when neither is set, so a misconfigured app stops at start-up. Core
 * never reads `process` itself: the adapter passes its environment as `env`, and
 * `options.env`, when given, is read instead. Validation of the values themselves is
 * `createKitRoutes`'s.
 *
 * @example
 * ```ts
 * // in an adapter (Node): settings missing from `options` come from process.env
 * const routes = createKitRoutes(resolveEnvConfig(options, process.env))
 * ```
 */
export function resolveEnvConfig(options: KitEnvConfig, env: EnvSource): KitRoutesConfig {
  const { env: given, kit, baseUrl, session, webhookSecret, ...rest } = options
  const source: EnvSource = given ?? env
  const secret = session?.secret ?? splitSecrets(source['KIT_SESSION_SECRET'])
  return {
    ...rest,
    kit: kit ?? KitClient.fromEnv(source),
    baseUrl: required(
      baseUrl ?? source['KIT_BASE_URL'],
      'baseUrl is required (or set KIT_BASE_URL): the public origin of the app, e.g. https://app.example.com',
    ),
    session: {
      ...session,
      secret: required(
        secret,
        'session.secret is required (or set KIT_SESSION_SECRET): 32+ random characters',
      ),
    },
    webhookSecret: webhookSecret ?? source['KIT_WEBHOOK_SECRET'],
  }
}
