import type { WebhookEndpointInput } from '../webhooks/endpoints.js'

/**
 * The seed file format (JSON). Every list is optional; a seed is applied in one
 * transaction. Field names follow the management API's snake_case wire names.
 * See docs/emulator.md for a full example.
 */
export interface SeedData {
  /**
   * `"default"`: this seed adds to the built-in demo data (alice, Acme, Globex, the demo
   * clients) instead of replacing it; its lists are appended to the demo seed's.
   */
  extends?: 'default'
  /**
   * Base URLs of apps built with the kit (`http://localhost:5101`): each adds
   * `<url>/auth/callback` and `<url>/` to the first application client and a webhook
   * endpoint `<url>/webhooks`; the first also becomes its IdP-initiated login and
   * back-channel logout target. Same as the `appUrl` option / `--app-url`.
   */
  app_urls?: string[]
  /** Environment permissions. */
  permissions?: SeedPermission[]
  /** Environment roles (organization-specific roles go under `organizations[].roles`). */
  roles?: SeedRole[]
  organizations?: SeedOrganization[]
  /** Environment-level connections: passwordless and social (OAUTH) providers. */
  connections?: SeedConnection[]
  /** Users that belong to no organization. */
  users?: SeedUser[]
  /**
   * OAuth clients. When absent from the seed of a fresh database (or a reset), the demo
   * clients (`skc_demo_app`, `skc_demo_env`) are created; pass `[]` for none. A seed
   * added to existing data (`POST /_emulator/seed`) creates only the clients it lists.
   */
  clients?: SeedClient[]
  /** Webhook endpoints to register (secrets generated when absent). */
  webhooks?: WebhookEndpointInput[]
}

/** A permission. */
export interface SeedPermission {
  name: string
  description?: string
}

/** A role; `extends` names a parent role whose permissions it inherits. */
export interface SeedRole {
  name: string
  display_name?: string
  description?: string
  extends?: string
  permissions?: string[]
  default_member?: boolean
  default_creator?: boolean
}

/** An organization with its domains, SSO connections, roles and members. */
export interface SeedOrganization {
  id?: string
  display_name: string
  external_id?: string
  metadata?: Record<string, string>
  domains?: string[]
  connections?: SeedConnection[]
  roles?: SeedRole[]
  /** Members; a user listed in several organizations is created once. */
  users?: SeedMember[]
}

/**
 * A connection. `type` is a ConnectionType (OIDC, SAML, OAUTH, PASSWORDLESS, ...),
 * `provider` a ConnectionProvider (OKTA, GOOGLE, GITHUB, MICROSOFT, CUSTOM, ...). Extra
 * wire fields (`oidc_config`, `oauth_config`, `passwordless_config`, `attribute_mapping`,
 * ...) are kept as given.
 */
export interface SeedConnection {
  id?: string
  type: string
  provider: string
  enabled?: boolean
  ui_button_title?: string
  [field: string]: unknown
}

/** A user profile. */
export interface SeedUser {
  id?: string
  email: string
  first_name?: string
  last_name?: string
  /** Full name; defaults to `first_name last_name`. */
  name?: string
  external_id?: string
  email_verified?: boolean
  metadata?: Record<string, string>
}

/** A member of an organization: a user plus its role names there. */
export interface SeedMember extends SeedUser {
  roles?: string[]
}

/** An OAuth client with a fixed secret. */
export interface SeedClient {
  /** `application` logs users in (redirect URIs); `environment` calls the management API. */
  kind: 'application' | 'environment'
  client_id: string
  client_secret: string
  name?: string
  first_party?: boolean
  /**
   * Scopes the client may ask for besides `openid`, `profile`, `email`, `offline_access`:
   * a third-party application needs `roles` / `permissions` for those claims.
   */
  scopes?: string[]
  redirect_uris?: string[]
  post_logout_redirect_uris?: string[]
  initiate_login_uri?: string
  backchannel_logout_uri?: string
  /**
   * More back-channel logout URIs, for apps sharing this client (the demo client serves
   * every example app): each receives its own logout token too. An emulator convenience;
   * OIDC registers one URI per client.
   */
  backchannel_logout_uris?: string[]
  /**
   * Also accept loopback redirect and post-logout URIs (`http://localhost`,
   * `http://127.0.0.1`, `http://[::1]`) on any port when their path is registered for a
   * loopback host (RFC 8252 section 7.3). On for the demo client; a development
   * convenience, never applied to https or other hosts.
   */
  loopback_redirect_any_port?: boolean
}
