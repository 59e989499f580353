/**
 * Private tables of the OIDC module, applied with `applySchema` next to the core schema.
 *
 * - `oidc_grant_context`: what the login chose (organization, connection, user session)
 *   per oidc-provider grant id. The token endpoint no longer sees the authorize
 *   parameters, so claims such as `oid` are read back from here, also after refreshes.
 * - `oidc_session_ids`: maps an oidc-provider browser session (`uid`) to the emulator's
 *   user session id (`ses_...`), which is the `sid` claim for every client.
 * - `oidc_login_codes`: passwordless one-time codes (hashed), with attempts and expiry.
 * - `oidc_org_choices`: a login waiting on the "Choose an organization" page, per
 *   interaction uid (who was identified and through which connection).
 */
export const OIDC_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS oidc_grant_context (
  grant_id        TEXT PRIMARY KEY,
  client_id       TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  session_id      TEXT,
  organization_id TEXT,
  connection_id   TEXT,
  create_time     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS oidc_grant_context_session ON oidc_grant_context(session_id);

CREATE TABLE IF NOT EXISTS oidc_session_ids (
  uid        TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE
);

CREATE TABLE IF NOT EXISTS oidc_login_codes (
  id          TEXT PRIMARY KEY,
  email       TEXT NOT NULL COLLATE NOCASE,
  code_hash   TEXT NOT NULL,
  attempts    INTEGER NOT NULL DEFAULT 0,
  expires_at  INTEGER NOT NULL,
  used        INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS oidc_org_choices (
  uid           TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  connection_id TEXT,
  expires_at    INTEGER NOT NULL
);
`

/**
 * Tables of the console's impersonation:
 * - `oidc_impersonations`: one-time tickets of started impersonations (SHA-256 of the
 *   ticket only; the browser holds the ticket in a cookie on the emulator's origin).
 * - `oidc_grant_actors`: who acts in a grant (see grants.ts).
 */
export const IMPERSONATION_SCHEMA = /* sql */ `
CREATE TABLE IF NOT EXISTS oidc_impersonations (
  ticket_hash     TEXT PRIMARY KEY,
  user_id         TEXT NOT NULL,
  actor_id        TEXT NOT NULL,
  organization_id TEXT NOT NULL,
  client_id       TEXT NOT NULL,
  expires_at      INTEGER NOT NULL,
  used            INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS oidc_grant_actors (
  grant_id TEXT PRIMARY KEY,
  actor_id TEXT NOT NULL
);
`
