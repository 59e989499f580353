import { KitError, messageOf } from '../../errors.js'
import type { Engine } from '../engine.js'
import type { WebhookEvent } from '../kit-contract.js'
import { BodyTooLargeError, readBodyLimited } from '../read-body.js'
import { empty, jsonError } from '../responses.js'
import { revokeFromWebhook } from '../webhook-revocations.js'

/** Ids are remembered a little longer than the ±5 minute timestamp tolerance. */
const REPLAY_WINDOW_SECONDS = 600

/**
 * `POST /webhooks`: verifies a Standard Webhooks delivery over the exact raw bytes
 * received (a re-serialised body fails), answers 401 on a bad signature, ignores a
 * `webhook-id` already handled inside the window (204, handler not called again), records
 * the revocation a `session.revoked`, `session.logged_out` or `user.deleted` event calls
 * for (503 and the id released when the store fails), then calls `onWebhook(event)` and
 * answers 204. A throwing handler gives 500 and releases
 * the id, so the sender's retry is processed.
 *
 * @example
 * ```ts
 * createKitRoutes({ ...config, webhookSecret, onWebhook: async (event) => { ... } })
 * ```
 */
export async function webhookAction(engine: Engine, request: Request): Promise<Response> {
  const { config } = engine
  const secret = config.webhookSecret!
  let payload: Uint8Array
  try {
    payload = await readBodyLimited(request, config.webhookMaxBytes)
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      return jsonError(413, 'payload_too_large', error.message)
    throw error
  }
  const headers: Record<string, string> = {}
  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    const value = request.headers.get(name)
    if (value !== null) headers[name] = value
  }
  let event: WebhookEvent
  try {
    event = await config.kit.verifyWebhook!(secret, headers, payload)
  } catch (error) {
    // A bad secret is a deployment error (and was checked at start-up): not the sender's fault.
    if (!(error instanceof KitError) || error.code === 'ERR_KIT_CONFIG') throw error
    // The reason only (core's fixed texts): never the signature, the secret or the body.
    const hint =
      error.code === 'ERR_KIT_WEBHOOK_SIGNATURE'
        ? "; if every delivery fails, KIT_WEBHOOK_SECRET is not this endpoint's secret"
        : ''
    config.logger.warn(`kit: webhook rejected: ${error.code}: ${error.message}${hint}`)
    if (error.code === 'ERR_KIT_WEBHOOK_PAYLOAD') {
      return jsonError(400, 'invalid_payload', 'The webhook body is not a JSON event')
    }
    return jsonError(401, 'invalid_webhook_signature', `Webhook rejected: ${error.message}`)
  }
  const id = headers['webhook-id']!
  if (!(await config.webhookReplayStore.claim(id, REPLAY_WINDOW_SECONDS))) return empty(204)
  try {
    await revokeFromWebhook(engine, event)
  } catch (error) {
    await config.webhookReplayStore.release(id)
    config.logger.warn(
      `kit: webhook ${event.type} could not record the revocation: ${messageOf(error)}`,
    )
    return jsonError(
      503,
      'revocation_unavailable',
      'The revocation could not be recorded; retry later',
    )
  }
  try {
    await config.onWebhook?.(event)
  } catch {
    await config.webhookReplayStore.release(id)
    return jsonError(500, 'webhook_handler_failed', 'The webhook handler failed; retry later')
  }
  return empty(204)
}
