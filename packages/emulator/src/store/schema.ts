/**
 * The emulator's SQLite schema: the shared contract between the OIDC module, the
 * management API and the console. Each domain row keeps a few indexed columns plus a
 * `data` column holding the resource's JSON exactly as the management API returns it on
 * the wire (snake_case field names of `reference/messages.txt`), so API handlers can
 * serve it without a second model. The management API's and the OIDC module's private
 * tables are declared beside this one (api-schema.ts, oidc-schema.ts) and applied with
 * `applySchema` when those modules start.
 *
 * Conventions:
 * - ids are prefixed (`org_`, `usr_`, `conn_`, `dom_`, `dir_`, `role_`, `perm_`, `ses_`,
 *   `m2morg_`, `sec_`, `evt_`, `msg_`), random base32 suffix.
 * - times are RFC 3339 strings in `data` and in `*_time` columns; `*_at` integer columns
 *   are epoch milliseconds used for expiry and scheduling.
 * - foreign keys cascade so deleting an organization removes its memberships, domains,
 *   connections, directories, org roles and clients.
 */
export const CORE_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS organizations (
  id          TEXT PRIMARY KEY,
  external_id TEXT UNIQUE,
  data        TEXT NOT NULL,            -- Organization
  create_time TEXT NOT NULL,
  update_time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  external_id TEXT UNIQUE,
  data        TEXT NOT NULL,            -- users.User without memberships (joined on read)
  create_time TEXT NOT NULL,
  update_time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS memberships (
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  roles           TEXT NOT NULL DEFAULT '[]',   -- JSON array of role names
  status          TEXT NOT NULL DEFAULT 'ACTIVE',
  data            TEXT NOT NULL DEFAULT '{}',   -- rest of OrganizationMembership
  create_time     TEXT NOT NULL,
  PRIMARY KEY (organization_id, user_id)
);
CREATE INDEX IF NOT EXISTS memberships_user ON memberships(user_id);

-- organization_id NULL = environment role; non-NULL = organization-specific role.
CREATE TABLE IF NOT EXISTS roles (
  id              TEXT PRIMARY KEY,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  extends         TEXT,                 -- name of the parent role (inherits its permissions)
  data            TEXT NOT NULL         -- Role (display_name, description, default_creator, default_member)
);
CREATE UNIQUE INDEX IF NOT EXISTS roles_name ON roles(COALESCE(organization_id, ''), name);

CREATE TABLE IF NOT EXISTS permissions (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  data        TEXT NOT NULL,            -- Permission
  create_time TEXT NOT NULL,
  update_time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS role_permissions (
  role_id         TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  permission_name TEXT NOT NULL REFERENCES permissions(name) ON DELETE CASCADE ON UPDATE CASCADE,
  PRIMARY KEY (role_id, permission_name)
);

-- organization_id NULL = environment-level connection (social, passwordless, ...).
CREATE TABLE IF NOT EXISTS connections (
  id              TEXT PRIMARY KEY,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  type            TEXT NOT NULL,        -- ConnectionType: OIDC | SAML | OAUTH | PASSWORDLESS ...
  provider        TEXT NOT NULL,        -- ConnectionProvider: OKTA | GOOGLE | GITHUB | MICROSOFT | CUSTOM ...
  enabled         INTEGER NOT NULL DEFAULT 1,
  data            TEXT NOT NULL,        -- Connection
  create_time     TEXT NOT NULL,
  update_time     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS connections_org ON connections(organization_id);

CREATE TABLE IF NOT EXISTS domains (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  domain          TEXT NOT NULL UNIQUE COLLATE NOCASE,
  domain_type     TEXT NOT NULL DEFAULT 'ORGANIZATION_DOMAIN',
  data            TEXT NOT NULL,        -- Domain
  create_time     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS directories (
  id              TEXT PRIMARY KEY,
  organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  enabled         INTEGER NOT NULL DEFAULT 0,
  data            TEXT NOT NULL         -- Directory
);
CREATE TABLE IF NOT EXISTS directory_users (
  id           TEXT PRIMARY KEY,
  directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
  data         TEXT NOT NULL,           -- DirectoryUser
  update_time  TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS directory_groups (
  id           TEXT PRIMARY KEY,
  directory_id TEXT NOT NULL REFERENCES directories(id) ON DELETE CASCADE,
  data         TEXT NOT NULL,           -- DirectoryGroup
  update_time  TEXT NOT NULL
);

-- OAuth clients. kind: 'application' (browser login, redirect URIs), 'environment'
-- (client_credentials for the management API), 'm2m' (organization M2M client).
-- data: for m2m the M2MClient wire JSON; for all kinds also redirect_uris,
-- post_logout_redirect_uris, initiate_login_uri, backchannel_logout_uri, name.
CREATE TABLE IF NOT EXISTS clients (
  client_id       TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('application', 'environment', 'm2m')),
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  first_party     INTEGER NOT NULL DEFAULT 1,
  data            TEXT NOT NULL,
  create_time     TEXT NOT NULL,
  update_time     TEXT NOT NULL
);
-- Plain secrets: the emulator is a local development tool, and oidc-provider compares
-- client_secret_basic/post against the stored value.
CREATE TABLE IF NOT EXISTS client_secrets (
  id          TEXT PRIMARY KEY,
  client_id   TEXT NOT NULL REFERENCES clients(client_id) ON DELETE CASCADE,
  secret      TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'ACTIVE',
  data        TEXT NOT NULL,            -- ClientSecret (without plain_secret)
  create_time TEXT NOT NULL
);

-- A user's login session at the environment (sessions.* API); id is the \`sid\` claim.
CREATE TABLE IF NOT EXISTS user_sessions (
  id              TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  organization_id TEXT,
  status          TEXT NOT NULL DEFAULT 'ACTIVE',  -- ACTIVE | REVOKED | LOGGED_OUT | EXPIRED
  data            TEXT NOT NULL,                   -- SessionDetails
  create_time     TEXT NOT NULL,
  update_time     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS user_sessions_user ON user_sessions(user_id);

-- Signing keys, generated once and kept with the data so tokens survive restarts.
CREATE TABLE IF NOT EXISTS signing_keys (
  kid         TEXT PRIMARY KEY,
  alg         TEXT NOT NULL,            -- ES256 | RS256
  private_jwk TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'active',  -- active | retired (still published)
  create_time TEXT NOT NULL
);

-- Everything "sent" by email: passwordless codes, magic links, invitations.
CREATE TABLE IF NOT EXISTS mailbox (
  id          TEXT PRIMARY KEY,
  recipient   TEXT NOT NULL COLLATE NOCASE,
  kind        TEXT NOT NULL,            -- passwordless_code | magic_link | invitation | ...
  subject     TEXT NOT NULL,
  body        TEXT NOT NULL,
  data        TEXT NOT NULL DEFAULT '{}',  -- { code?, link?, organization_id?, ... }
  create_time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_endpoints (
  id          TEXT PRIMARY KEY,
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,            -- whsec_...
  events      TEXT NOT NULL DEFAULT '["*"]',
  enabled     INTEGER NOT NULL DEFAULT 1,
  create_time TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS events (
  id              TEXT PRIMARY KEY,     -- evt_...
  type            TEXT NOT NULL,        -- organization.created, user.updated, ...
  organization_id TEXT,
  data            TEXT NOT NULL,
  create_time     TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id              TEXT PRIMARY KEY,     -- msg_... (the webhook-id header)
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
  event_id        TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
  status          TEXT NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_status     INTEGER,
  last_error      TEXT,
  last_error_code TEXT,                 -- error code of the endpoint's JSON answer (webhooks/response-error.ts)
  create_time     TEXT NOT NULL,
  update_time     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);

-- oidc-provider's own models (Session, Grant, AuthorizationCode, RefreshToken, ...).
CREATE TABLE IF NOT EXISTS oidc_models (
  model      TEXT NOT NULL,
  id         TEXT NOT NULL,
  payload    TEXT NOT NULL,
  grant_id   TEXT,
  uid        TEXT,
  user_code  TEXT,
  expires_at INTEGER,                   -- epoch ms, NULL = no expiry
  consumed   INTEGER,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS oidc_models_grant ON oidc_models(grant_id);
CREATE INDEX IF NOT EXISTS oidc_models_uid ON oidc_models(uid);
`
