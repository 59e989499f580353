import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { findClient } from './oidc/clients.js'
import { CALLBACK_PATH } from './seed/index.js'
import type { Db } from './store/db.js'

/**
 * The `.env` an app built with the kit needs to sign in through this emulator, printed
 * at start and written by `--write-env`: every variable `resolveEnvConfig` and
 * `KitClient.fromEnv` read, so a new app runs without hunting for values.
 */

/** What the `.env` holds. */
export interface AppEnv {
  /** `KIT_ENVIRONMENT_URL`: the emulator's URL (issuer). */
  environmentUrl: string
  /** `KIT_CLIENT_ID` / `KIT_CLIENT_SECRET`: the application client (sign-in). */
  clientId: string
  clientSecret: string
  /** `KIT_WEBHOOK_SECRET`; undefined when no webhook endpoint is registered. */
  webhookSecret?: string
  /** `KIT_SESSION_SECRET`: fresh per start (see {@link generateSessionSecret}). */
  sessionSecret: string
  /** `KIT_BASE_URL`: the app's public base URL. */
  baseUrl: string
}

/** Where the demo apps run; the base URL when the app client names no callback. */
const DEFAULT_BASE_URL = 'http://localhost:3000'

/** 32 random bytes, base64url: 43 characters, over the kit's 32-character minimum. */
export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * The app's base URL: the first redirect URI of the app client that ends with the
 * kit's callback path, minus that path (`--app-url` puts its URL first), else
 * `http://localhost:3000`.
 */
export function appBaseUrl(db: Db, clientId: string): string {
  const uris = clientId ? (findClient(db, clientId)?.data.redirect_uris ?? []) : []
  const callback = uris.find((uri) => uri.endsWith(CALLBACK_PATH))
  return callback ? callback.slice(0, -CALLBACK_PATH.length) : DEFAULT_BASE_URL
}

/** The `.env` text, one `NAME=value` per line with a comment saying what each is for. */
export function renderAppEnv(env: AppEnv): string {
  const webhook = env.webhookSecret
    ? `KIT_WEBHOOK_SECRET=${env.webhookSecret}`
    : '# KIT_WEBHOOK_SECRET=  (no webhook endpoint: start the emulator with --app-url or --webhook-url)'
  return [
    `# Your app's settings for the kit emulator at ${env.environmentUrl} (written by kit-emulator)`,
    `# Application client ${env.clientId}: your app's sign-in (authorization code + PKCE)`,
    `KIT_ENVIRONMENT_URL=${env.environmentUrl}`,
    `KIT_CLIENT_ID=${env.clientId}`,
    `KIT_CLIENT_SECRET=${env.clientSecret}`,
    webhook,
    '# Seals the session cookie; generated at each start: keep one value while you develop',
    `KIT_SESSION_SECRET=${env.sessionSecret}`,
    '# Where your app runs; the emulator redirects to <KIT_BASE_URL>/auth/callback',
    `KIT_BASE_URL=${env.baseUrl}`,
    '',
  ].join('\n')
}

/**
 * Writes the `.env`, readable by its owner only (it holds secrets). An existing file is
 * refused unless `force`: it may hold the app's other settings. Throws an Error whose
 * message says what to do.
 */
export function writeEnvFile(path: string, text: string, force: boolean): void {
  try {
    writeFileSync(path, text, { flag: force ? 'w' : 'wx', mode: 0o600 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(
        `--write-env ${path} exists; pass --force to overwrite it, or choose another path`,
        { cause: error },
      )
    throw new Error(`--write-env ${path} cannot be written: ${(error as Error).message}`, {
      cause: error,
    })
  }
}
