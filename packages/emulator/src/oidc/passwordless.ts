import { createHash, randomInt, timingSafeEqual } from 'node:crypto'
import type { EmulatorContext } from '../context.js'
import {
  countLoginCodeAttempt,
  findLoginCode,
  findUnusedLoginCodeEmail,
  markLoginCodeUsed,
  upsertLoginCode,
} from '../store/login-codes.js'
import { environmentConnections } from './connections.js'

/** Wrong codes allowed before the code is burnt. */
export const MAX_CODE_ATTEMPTS = 5

/** Why a code was refused. */
export type CodeFailure = 'missing' | 'expired' | 'wrong' | 'too_many_attempts'

const hash = (code: string) => createHash('sha256').update(code).digest()

/**
 * Issues a one-time sign-in code for an interaction and "emails" it to the mailbox.
 * A new code replaces the previous one of the same interaction. Validity and length
 * follow the environment's passwordless connection (default 10 minutes, 6 digits).
 */
export function sendLoginCode(ctx: EmulatorContext, interactionUid: string, email: string): void {
  const conn = environmentConnections(ctx.db, 'PASSWORDLESS')[0]
  const config = (conn?.data.passwordless_config ?? {}) as {
    validity?: unknown
    code_challenge_length?: unknown
  }
  const validity = Number(config.validity) > 0 ? Number(config.validity) : 600
  const length =
    Number(config.code_challenge_length) >= 4 && Number(config.code_challenge_length) <= 10
      ? Number(config.code_challenge_length)
      : 6
  const code = Array.from({ length }, () => String(randomInt(10))).join('')
  upsertLoginCode(
    ctx.db,
    interactionUid,
    email,
    hash(code).toString('hex'),
    ctx.now() + validity * 1000,
  )
  ctx.mailbox.send({
    to: email,
    kind: 'passwordless_code',
    subject: 'Your sign-in code',
    body: `Your sign-in code is ${code}. It expires in ${Math.round(validity / 60)} minutes.`,
    data: { code, expires_in: validity, email },
  })
}

/** The email a code was sent to for this interaction, if any. */
export function pendingCodeEmail(ctx: EmulatorContext, interactionUid: string): string | undefined {
  return findUnusedLoginCodeEmail(ctx.db, interactionUid)
}

/**
 * Checks a code. Success burns it and returns the email; a wrong code counts an
 * attempt, and the code dies after {@link MAX_CODE_ATTEMPTS} wrong tries or on expiry.
 */
export function verifyLoginCode(
  ctx: EmulatorContext,
  interactionUid: string,
  code: string,
): { ok: true; email: string } | { ok: false; reason: CodeFailure } {
  const row = findLoginCode(ctx.db, interactionUid)
  if (!row || row.used) return { ok: false, reason: 'missing' }
  if (row.expires_at <= ctx.now()) return { ok: false, reason: 'expired' }
  if (row.attempts >= MAX_CODE_ATTEMPTS) return { ok: false, reason: 'too_many_attempts' }
  const matches = timingSafeEqual(hash(code.trim()), Buffer.from(row.code_hash, 'hex'))
  if (!matches) {
    countLoginCodeAttempt(ctx.db, interactionUid)
    return {
      ok: false,
      reason: row.attempts + 1 >= MAX_CODE_ATTEMPTS ? 'too_many_attempts' : 'wrong',
    }
  }
  markLoginCodeUsed(ctx.db, interactionUid)
  return { ok: true, email: row.email }
}
