import type { Db } from './db.js'
import { statement } from './statements.js'

/** The `mailbox` table: every message the emulator "sent" (nothing leaves the machine). */

/** Raw mailbox row (`data` is JSON). */
export interface MailRow {
  id: string
  recipient: string
  kind: string
  subject: string
  body: string
  data: string
  create_time: string
}

/** Stores a message. */
export function insertMailRow(db: Db, row: MailRow): void {
  statement(
    db,
    'INSERT INTO mailbox (id, recipient, kind, subject, body, data, create_time) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(row.id, row.recipient, row.kind, row.subject, row.body, row.data, row.create_time)
}

/** Messages newest first, optionally only those to one recipient. */
export function listMailRows(db: Db, recipient?: string): MailRow[] {
  return (
    recipient
      ? statement(db, 'SELECT * FROM mailbox WHERE recipient = ? ORDER BY rowid DESC').all(
          recipient,
        )
      : statement(db, 'SELECT * FROM mailbox ORDER BY rowid DESC').all()
  ) as MailRow[]
}
