import { appRoutesOf, parseAppUrl } from './seed/app-urls.js'
import type { SeedOption } from './seed/load.js'
import type { WebhookRetryOptions } from './webhooks/dispatcher.js'
import { isWebhookSecret } from './webhooks/signature.js'

/** Options of `startEmulator` (and, by the same names, of the `kit-emulator` CLI). */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string
  /**
   * Public base URL (issuer) when the emulator is reached through another address
   * (a proxy, a container). Default `http://<host>:<port>`. Its host name is also an
   * allowed `Host`: besides it, only loopback names are answered (DNS-rebinding defence).
   */
  publicUrl?: string
  /** SQLite file (default `.kit/emulator.sqlite`); `':memory:'` for a throwaway database. */
  dbPath?: string
  /**
   * Data for a fresh database: seed object, path to a JSON seed file, or false for an
   * empty environment. Default: the built-in demo seed. Ignored when the database
   * already holds data.
   */
  seed?: SeedOption
  /**
   * Base URL of your app (`http://localhost:5101`), or one per URL of a list, registered
   * on every start without touching the rest of the data: `<url>/auth/callback` and
   * `<url>/` on the app client (the first application client, `skc_demo_app` with the
   * demo seed), `<url>/auth/backchannel-logout` as its back-channel logout URI and
   * `<url>/webhooks` as a webhook endpoint sharing the `webhookUrl` secret. The first URL
   * is the app's: IdP-initiated logins and back-channel logouts go there.
   */
  appUrl?: string | string[]
  /**
   * Registers a webhook endpoint for this URL, or one per URL of a list; they share one
   * secret, returned as `webhookSecret`.
   */
  webhookUrl?: string | string[]
  /** `whsec_...` secret for `webhookUrl` (generated when absent). */
  webhookSecret?: string
  /** Webhook retry policy (tests shorten it). */
  webhookRetry?: WebhookRetryOptions
  /** Access token lifetime in seconds (OIDC module). */
  accessTokenTtl?: number
  /** ID token lifetime in seconds (OIDC module). */
  idTokenTtl?: number
  /** Refresh token lifetime in seconds (OIDC module). */
  refreshTokenTtl?: number
  /** Login session lifetime in seconds (OIDC module). */
  sessionTtl?: number
  /** Where diagnostics go (500s, failed webhook deliveries). Default: stderr; false: nowhere. */
  log?: ((line: string) => void) | false
}

/** Options with defaults applied and checked. */
export interface ResolvedOptions extends Omit<EmulatorOptions, 'log' | 'appUrl' | 'webhookUrl'> {
  /** `appUrl` checked, without trailing slashes. */
  appUrls: string[]
  /** `webhookUrl` followed by each app's `<url>/webhooks`. */
  webhookUrl: string[]
  port: number
  host: string
  dbPath: string
  log: (line: string) => void
}

/**
 * Applies defaults and checks every option, throwing a TypeError that names the
 * setting, so a bad option fails at startup rather than on the first request.
 */
export function resolveOptions(opts: EmulatorOptions = {}): ResolvedOptions {
  const port = opts.port ?? 0
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new TypeError(`port must be an integer from 0 to 65535, got ${String(opts.port)}`)
  const host = opts.host ?? '127.0.0.1'
  if (typeof host !== 'string' || host === '')
    throw new TypeError('host must be a non-empty string')
  const dbPath = opts.dbPath ?? '.kit/emulator.sqlite'
  if (typeof dbPath !== 'string' || dbPath === '')
    throw new TypeError('dbPath must be a file path or ":memory:"')
  if (opts.publicUrl !== undefined) checkUrl(opts.publicUrl, 'publicUrl')
  for (const hook of [opts.webhookUrl ?? []].flat()) checkUrl(hook, 'webhookUrl')
  const appUrls = [opts.appUrl ?? []].flat().map((u) => parseAppUrl(u, 'appUrl'))
  const webhookUrl = [
    ...new Set([...[opts.webhookUrl ?? []].flat(), ...appUrls.map((u) => appRoutesOf(u).webhooks)]),
  ]
  if (opts.webhookSecret !== undefined && !isWebhookSecret(opts.webhookSecret)) {
    throw new TypeError('webhookSecret must be whsec_ + base64 of at least 16 bytes')
  }
  for (const key of ['accessTokenTtl', 'idTokenTtl', 'refreshTokenTtl', 'sessionTtl'] as const) {
    const value = opts[key]
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new TypeError(`${key} must be a positive integer number of seconds`)
    }
  }
  const log =
    opts.log === false
      ? () => {}
      : (opts.log ?? ((line: string) => process.stderr.write(`[kit-emulator] ${line}\n`)))
  const { appUrl: _appUrl, ...rest } = opts
  return { ...rest, appUrls, webhookUrl, port, host, dbPath, log }
}

function checkUrl(value: unknown, name: string): void {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new TypeError(`${name} must be an absolute http(s) URL, got ${String(value)}`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`${name} must be an http(s) URL`)
}
