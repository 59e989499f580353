/**
 * Private tables of the management API, for resources outside the core schema. Same
 * conventions as `schema.ts`: a few indexed columns plus the wire JSON in `data`.
 */
export const API_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS api_passwordless_requests (
  id             TEXT PRIMARY KEY,           -- auth_request_id
  email          TEXT NOT NULL COLLATE NOCASE,
  code           TEXT,                       -- OTP (NULL for LINK)
  link_token     TEXT UNIQUE,                -- magic link token (NULL for OTP)
  type           TEXT NOT NULL,              -- OTP | LINK | LINK_OTP
  state          TEXT,
  template       TEXT,
  magiclink_auth_uri TEXT,
  expires_in     INTEGER NOT NULL,           -- seconds
  expires_at     INTEGER NOT NULL,           -- epoch ms
  attempts       INTEGER NOT NULL DEFAULT 0,
  resend_count   INTEGER NOT NULL DEFAULT 0,
  status         TEXT NOT NULL DEFAULT 'PENDING',  -- PENDING | VERIFIED | LOCKED
  template_variables TEXT NOT NULL DEFAULT '{}',
  create_time    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS api_webauthn_credentials (
  id      TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  data    TEXT NOT NULL                      -- WebAuthnCredential
);
CREATE INDEX IF NOT EXISTS api_webauthn_credentials_user ON api_webauthn_credentials(user_id);

-- User details pushed for an ongoing login request ("bring your own auth").
CREATE TABLE IF NOT EXISTS api_login_user_details (
  connection_id    TEXT NOT NULL,
  login_request_id TEXT NOT NULL,
  data             TEXT NOT NULL,            -- auth.User
  update_time      TEXT NOT NULL,
  PRIMARY KEY (connection_id, login_request_id)
);

CREATE TABLE IF NOT EXISTS api_connected_accounts (
  id              TEXT PRIMARY KEY,
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  user_id         TEXT,
  connector       TEXT NOT NULL,
  identifier      TEXT NOT NULL,
  data            TEXT NOT NULL,             -- ConnectedAccount
  create_time     TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS api_connected_accounts_key
  ON api_connected_accounts(connector, identifier, COALESCE(organization_id, ''), COALESCE(user_id, ''));

CREATE TABLE IF NOT EXISTS api_custom_providers (
  identifier  TEXT PRIMARY KEY,
  data        TEXT NOT NULL,                 -- Provider
  create_time TEXT NOT NULL
);

-- One-time-ish links to emulator pages: admin portal (/portal/{token}) and connected
-- account authorization (/connect/{token}).
CREATE TABLE IF NOT EXISTS api_links (
  token           TEXT PRIMARY KEY,
  kind            TEXT NOT NULL CHECK (kind IN ('portal', 'connect')),
  id              TEXT NOT NULL,             -- link id (portal) or connected account id
  organization_id TEXT REFERENCES organizations(id) ON DELETE CASCADE,
  data            TEXT NOT NULL DEFAULT '{}',
  expires_at      INTEGER NOT NULL           -- epoch ms
);
`
