import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `api_passwordless_requests` table: passwordless emails sent through the
 * management API (OTP code and/or magic-link token), their attempts and status.
 */

/** Raw api_passwordless_requests row (the columns the API reads back). */
export interface PasswordlessRequestRow {
  id: string
  email: string
  code: string | null
  link_token: string | null
  type: string
  state: string | null
  template: string | null
  magiclink_auth_uri: string | null
  /** Seconds. */
  expires_in: number
  /** Epoch ms. */
  expires_at: number
  attempts: number
  resend_count: number
  status: string
}

/** Stores a new pending request. */
export function insertPasswordlessRequestRow(
  db: Db,
  row: PasswordlessRequestRow,
  templateVariables: string,
  time: string,
): void {
  statement(
    db,
    'INSERT INTO api_passwordless_requests (id, email, code, link_token, type, state, template, magiclink_auth_uri, expires_in, expires_at, template_variables, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    row.id,
    row.email,
    row.code,
    row.link_token,
    row.type,
    row.state,
    row.template,
    row.magiclink_auth_uri,
    row.expires_in,
    row.expires_at,
    templateVariables,
    time,
  )
}

/** Finds a request by id. */
export function findPasswordlessRequestRow(db: Db, id: string): PasswordlessRequestRow | undefined {
  return statement(db, 'SELECT * FROM api_passwordless_requests WHERE id = ?').get(id) as
    | PasswordlessRequestRow
    | undefined
}

/** Finds a request by its magic-link token. */
export function findPasswordlessRequestRowByLinkToken(
  db: Db,
  linkToken: string,
): PasswordlessRequestRow | undefined {
  return statement(db, 'SELECT * FROM api_passwordless_requests WHERE link_token = ?').get(
    linkToken,
  ) as PasswordlessRequestRow | undefined
}

/** Records a wrong attempt count and the resulting status (LOCKED after too many). */
export function setPasswordlessRequestAttempts(
  db: Db,
  id: string,
  attempts: number,
  status: string,
): void {
  statement(db, 'UPDATE api_passwordless_requests SET attempts = ?, status = ? WHERE id = ?').run(
    attempts,
    status,
    id,
  )
}

/** Marks a request verified (used). */
export function markPasswordlessRequestVerified(db: Db, id: string): void {
  statement(db, "UPDATE api_passwordless_requests SET status = 'VERIFIED' WHERE id = ?").run(id)
}

/** Gives a request fresh credentials and expiry, pending again with no attempts. */
export function reissuePasswordlessRequest(db: Db, row: PasswordlessRequestRow): void {
  statement(
    db,
    "UPDATE api_passwordless_requests SET code = ?, link_token = ?, expires_at = ?, resend_count = ?, attempts = 0, status = 'PENDING' WHERE id = ?",
  ).run(row.code, row.link_token, row.expires_at, row.resend_count, row.id)
}
