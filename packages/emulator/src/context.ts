import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Db } from './store/db.js'

/**
 * What every emulator module receives: the database, the public base URL, the clock
 * and the cross-module services. Built once by `startEmulator` (server.ts).
 */
export interface EmulatorContext {
  db: Db
  /** Public base URL without trailing slash, e.g. `http://127.0.0.1:54321`; also the OIDC issuer. */
  issuer: string
  /** Current time in epoch ms, shifted by the clock-offset test control. */
  now(): number
  /** New prefixed random id, e.g. `newId('org')` -> `org_6f2k...`. */
  newId(prefix: string): string
  /** Records an event and queues signed webhook deliveries to every matching endpoint. */
  events: EventSink
  /** Stores a message in the mailbox (nothing leaves the machine). */
  mailbox: MailSink
  /** Filled in by the OIDC module once it starts; other modules call through it. */
  oidc: OidcBridge
}

/** Event publisher (implemented by the webhooks module). */
export interface EventSink {
  emit(type: string, data: Record<string, unknown>, opts?: { organizationId?: string | null }): void
}

/** A message to put in the mailbox. */
export interface MailInput {
  to: string
  kind: 'passwordless_code' | 'magic_link' | 'invitation' | 'notification'
  subject: string
  body: string
  data?: Record<string, unknown>
}

/** Mailbox writer (implemented by the mailbox module). */
export interface MailSink {
  send(message: MailInput): { id: string }
}

/** Services of the OIDC module that the management API and controls use. */
export interface OidcBridge {
  /**
   * Verifies a bearer access token issued by this emulator (signature, expiry, not
   * revoked). Returns its claims, or null when it is not valid.
   */
  verifyAccessToken(token: string): Promise<Record<string, unknown> | null>
  /** Ends one user session: its refresh tokens stop working, back-channel logout fires. */
  revokeSession(sessionId: string): Promise<void>
  /** Ends every session of a user. */
  revokeUserSessions(userId: string): Promise<void>
  /** Generates a new active signing key; previous keys stay published for verification. */
  rotateKeys(): Promise<void>
}

/**
 * An HTTP route module: returns true when it handled (answered) the request. Modules
 * are tried in order by the server; the last one is oidc-provider.
 */
export type RouteModule = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>
