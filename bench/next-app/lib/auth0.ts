/**
 * The peer: @auth0/nextjs-auth0 (v4), configured from `AUTH0_*` and `APP_BASE_URL` when
 * `next start` starts. Only its session check is measured; bench:next mints the session
 * cookie with the package's own `generateSessionCookie` and the same secret.
 */
import { Auth0Client } from '@auth0/nextjs-auth0/server'

let client: Auth0Client | undefined

/** The peer's client, created on first use: `next build` runs without its settings. */
export function auth0(): Auth0Client {
  client ??= new Auth0Client()
  return client
}
