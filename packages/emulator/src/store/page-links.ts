import type { Db } from './db.js'
import { statement } from './statements.js'

/**
 * The `api_links` table: links to emulator pages the API hands out, the admin portal
 * (`/portal/{token}`) and connected-account authorization (`/connect/{token}`).
 */

/** Raw api_links row. */
export interface PageLinkRow {
  token: string
  kind: 'portal' | 'connect'
  /** Link id (portal) or connected account id (connect). */
  id: string
  organization_id: string | null
  data: string
  /** Epoch ms. */
  expires_at: number
}

/** Stores a link. */
export function insertPageLinkRow(db: Db, row: PageLinkRow): void {
  statement(
    db,
    'INSERT INTO api_links (token, kind, id, organization_id, data, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(row.token, row.kind, row.id, row.organization_id, row.data, row.expires_at)
}

/** Finds a link of a kind by token (expired or not). */
export function findPageLinkRow(db: Db, token: string, kind: string): PageLinkRow | undefined {
  return statement(db, 'SELECT * FROM api_links WHERE token = ? AND kind = ?').get(token, kind) as
    | PageLinkRow
    | undefined
}

/** Deletes a link (used up). */
export function deletePageLinkRow(db: Db, token: string): void {
  statement(db, 'DELETE FROM api_links WHERE token = ?').run(token)
}
