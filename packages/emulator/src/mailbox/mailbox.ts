import type { MailInput, MailSink } from '../context.js'
import type { Db } from '../store/db.js'
import { insertMailRow, listMailRows } from '../store/mailbox.js'
import { isoTime } from '../util/clock.js'
import { newId } from '../util/ids.js'

/** A stored mailbox message as the JSON endpoint and `handle.mailbox()` return it. */
export interface MailMessage {
  id: string
  to: string
  kind: MailInput['kind']
  subject: string
  body: string
  data: Record<string, unknown>
  create_time: string
}

/** The mailbox: a {@link MailSink} that stores messages, plus reading them back. */
export interface Mailbox extends MailSink {
  /** Messages, newest first, optionally only those sent to `to` (case-insensitive). */
  list(to?: string): MailMessage[]
}

const KINDS = new Set(['passwordless_code', 'magic_link', 'invitation', 'notification'])

/**
 * Creates the mailbox over the `mailbox` table. Nothing is ever sent over the network:
 * passwordless codes, magic links and invitations are only stored here for the console,
 * the JSON endpoint and tests to read.
 */
export function createMailbox(deps: { db: Db; now(): number }): Mailbox {
  const { db } = deps
  return {
    send(message) {
      if (typeof message.to !== 'string' || message.to === '')
        throw new TypeError('mail recipient is required')
      if (!KINDS.has(message.kind))
        throw new TypeError(`unknown mail kind: ${String(message.kind)}`)
      const id = newId('mail')
      insertMailRow(db, {
        id,
        recipient: message.to,
        kind: message.kind,
        subject: message.subject,
        body: message.body,
        data: JSON.stringify(message.data ?? {}),
        create_time: isoTime(deps.now()),
      })
      return { id }
    },
    list(to) {
      return listMailRows(db, to).map((r) => ({
        id: r.id,
        to: r.recipient,
        kind: r.kind as MailInput['kind'],
        subject: r.subject,
        body: r.body,
        data: JSON.parse(r.data) as Record<string, unknown>,
        create_time: r.create_time,
      }))
    },
  }
}
