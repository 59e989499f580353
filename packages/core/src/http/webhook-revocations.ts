import type { Engine } from './engine.js'
import type { WebhookEvent } from './kit-contract.js'
import { revokeFromNow, subjectRevocationKey } from './revocation-keys.js'

/** Events whose `data.session_id` names an identity provider session that has ended. */
const SESSION_ENDED = new Set(['session.revoked', 'session.logged_out'])

function stringField(data: unknown, name: string): string | undefined {
  if (data === null || typeof data !== 'object') return undefined
  const value = (data as Record<string, unknown>)[name]
  return typeof value === 'string' && value !== '' ? value : undefined
}

/**
 * The revocation a verified webhook event calls for, recorded before the app's
 * `onWebhook` runs: `session.revoked` / `session.logged_out` revoke the identity
 * provider's session (`data.session_id`, the `sid` inside access tokens), and
 * `user.deleted` every session of the user (`data.id`) created up to now. Other events
 * change nothing. Throws when the store fails, so the delivery is retried.
 *
 * @example
 * ```ts
 * await revokeFromWebhook(engine, event) // then config.onWebhook?.(event)
 * ```
 */
export async function revokeFromWebhook(engine: Engine, event: WebhookEvent): Promise<void> {
  const type = event.type
  let key: string | undefined
  if (typeof type !== 'string') return
  if (SESSION_ENDED.has(type)) key = stringField(event.data, 'session_id')
  else if (type === 'user.deleted') {
    const userId = stringField(event.data, 'id')
    if (userId !== undefined) key = subjectRevocationKey(userId)
  }
  if (key === undefined) return
  await revokeFromNow(engine, key)
}
