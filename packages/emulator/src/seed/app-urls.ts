import {
  type ClientRow,
  findClientRow,
  findFirstInsertedApplicationClientId,
  updateClientData,
} from '../store/clients.js'
import type { Db } from '../store/db.js'

/**
 * Registering an app by its base URL (`--app-url`, `appUrl`, a seed's `app_urls`): the
 * URLs an app built with the kit serves are known from its base URL, so a developer names
 * one address instead of editing a seed file (which would replace the demo data).
 */

/** The routes an app built with the kit serves under its base URL (the kit's default paths). */
export interface AppRoutes {
  /** `<base>/auth/callback`: a redirect URI of the app client. */
  callback: string
  /** `<base>/`: a post-logout redirect URI. */
  postLogout: string
  /** `<base>/auth/backchannel-logout`: where logout tokens go. */
  backchannelLogout: string
  /** `<base>/webhooks`: a webhook endpoint. */
  webhooks: string
}

/** Path of the kit's callback route, the suffix `--app-url` adds and the error page strips. */
export const CALLBACK_PATH = '/auth/callback'

/**
 * Checks an app base URL and returns it without trailing slash. It must be an absolute
 * http(s) URL without credentials, query or fragment; a path is kept (an app mounted
 * under `/app`). Throws a TypeError naming `name` and saying what is wrong.
 */
export function parseAppUrl(value: unknown, name: string): string {
  let url: URL
  try {
    url = new URL(String(value))
  } catch {
    throw new TypeError(
      `${name} must be the absolute http(s) base URL of your app, e.g. http://localhost:5101, got ${String(value)}`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError(`${name} must be an http(s) URL, e.g. http://localhost:5101`)
  if (url.username || url.password || url.search || url.hash)
    throw new TypeError(
      `${name} must be a base URL without credentials, query or fragment, e.g. http://localhost:5101`,
    )
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

/** The kit's routes under a base URL checked by {@link parseAppUrl}. */
export function appRoutesOf(base: string): AppRoutes {
  return {
    callback: `${base}${CALLBACK_PATH}`,
    postLogout: `${base}/`,
    backchannelLogout: `${base}/auth/backchannel-logout`,
    webhooks: `${base}/webhooks`,
  }
}

/**
 * The client `--app-url` registers with: the first application client, the same one
 * the start banner prints as `KIT_CLIENT_ID` (`skc_demo_app` with the demo seed).
 */
export function appClientId(db: Db): string | undefined {
  return findFirstInsertedApplicationClientId(db)
}

/**
 * Adds the apps' callback and post-logout URIs to the app client, first in its lists
 * (the first base URL is the app: the IdP-initiated login and the primary back-channel
 * logout URI go there, and the start banner's `KIT_BASE_URL` is read from it); the
 * other apps' back-channel URIs, and the one it replaces, join `backchannel_logout_uris`. URIs already present
 * move to the front rather than repeat. Throws a TypeError when the data has no
 * application client. Webhook endpoints are the caller's (they share the `webhookUrl`
 * secret).
 */
export function registerAppUrls(db: Db, bases: readonly string[], nowIso: string): void {
  if (bases.length === 0) return
  const clientId = appClientId(db)
  if (!clientId)
    throw new TypeError(
      'appUrl needs an application client to register with, and the data has none: drop "clients" from the seed (the demo clients are created) or list one with "kind": "application"',
    )
  const row = findClientRow(db, clientId) as ClientRow
  const data = JSON.parse(row.data) as Record<string, unknown>
  const routes = bases.map(appRoutesOf)
  const first = routes[0] as AppRoutes
  const front = (added: string[], existing: unknown) => {
    const rest = Array.isArray(existing) ? existing.filter((u) => !added.includes(u)) : []
    return [...new Set(added), ...rest]
  }
  const updated = {
    ...data,
    redirect_uris: front(
      routes.map((r) => r.callback),
      data.redirect_uris,
    ),
    post_logout_redirect_uris: front(
      routes.map((r) => r.postLogout),
      data.post_logout_redirect_uris,
    ),
    initiate_login_uri: first.callback,
    backchannel_logout_uri: first.backchannelLogout,
    // Every app, and whichever receivers were registered before, keep getting logout
    // tokens (oidc/backchannel-fanout.ts posts to this list besides the primary URI).
    backchannel_logout_uris: [
      ...new Set(
        [
          ...routes.slice(1).map((r) => r.backchannelLogout),
          data.backchannel_logout_uri,
          ...(Array.isArray(data.backchannel_logout_uris) ? data.backchannel_logout_uris : []),
        ].filter((u): u is string => typeof u === 'string' && u !== first.backchannelLogout),
      ),
    ],
    update_time: nowIso,
  }
  updateClientData(db, clientId, JSON.stringify(updated), nowIso)
}
