import { KitError } from '../errors.js'
import { randomId } from '../session/session-data.js'
import { signWebhookPayload, type WebhookPayload } from '../webhooks/sign.js'
import { refuseInProduction } from './refuse-production.js'

/** What {@link signTestWebhook} signs: an event (sent as its JSON) or an exact body. */
export type TestWebhookOptions = {
  /** The app's webhook secret (`whsec_...`, its `webhookSecret` option). */
  secret: string
  /** `webhook-id` (default a random `msg_...`); send the same id twice to test replays. */
  id?: string
  /** `webhook-timestamp`, epoch seconds or a Date (default now). */
  timestamp?: number | Date
} & (
  | {
      /** An event object, e.g. `{ type: 'organization.created', data: { id: 'org_1' } }`. */
      event: Record<string, unknown>
      payload?: never
    }
  | {
      /** The exact body to send (string or bytes), signed as given. */
      payload: WebhookPayload
      event?: never
    }
)

/** A signed delivery: send `body` with `headers` to the app's webhook route. */
export interface TestWebhook<Body extends WebhookPayload = string> {
  /** The request body, byte for byte what was signed (a string unless bytes were given). */
  body: Body
  /** `content-type`, `webhook-id`, `webhook-timestamp`, `webhook-signature`. */
  headers: Record<string, string>
}

/**
 * Signs a webhook delivery the way the environment does (Standard Webhooks, HMAC-SHA256
 * over `id.timestamp.body`), for tests of an app's webhook handler. Throws
 * `ERR_KIT_TESTING_IN_PRODUCTION` when `NODE_ENV` is `production`.
 *
 * @example
 * ```ts
 * import { signTestWebhook } from '@kit/core/testing'
 * const { body, headers } = await signTestWebhook({
 *   secret: process.env.KIT_WEBHOOK_SECRET!,
 *   event: { type: 'organization.created', data: { id: 'org_1' } },
 * })
 * await request(app).post('/webhooks').set(headers).send(body).expect(204)
 * ```
 */
export async function signTestWebhook(
  options: TestWebhookOptions & { payload: Uint8Array },
): Promise<TestWebhook<Uint8Array>>
export async function signTestWebhook(options: TestWebhookOptions): Promise<TestWebhook>
export async function signTestWebhook(
  options: TestWebhookOptions,
): Promise<TestWebhook<WebhookPayload>> {
  refuseInProduction('signTestWebhook()')
  if (options === null || typeof options !== 'object') {
    throw new KitError('ERR_KIT_INVALID_ARGUMENT', 'signTestWebhook(): options must be an object')
  }
  const { event, payload } = options
  if ((event === undefined) === (payload === undefined)) {
    throw new KitError(
      'ERR_KIT_INVALID_ARGUMENT',
      'signTestWebhook(): pass exactly one of event (an object) or payload (the exact body)',
    )
  }
  const body = payload ?? JSON.stringify(event)
  const id = options.id ?? `msg_${randomId()}`
  const timestamp = options.timestamp ?? new Date()
  const seconds = timestamp instanceof Date ? Math.floor(timestamp.getTime() / 1000) : timestamp
  const signature = await signWebhookPayload(options.secret, {
    id,
    timestamp: seconds,
    payload: body,
  })
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(seconds),
      'webhook-signature': signature,
    },
  }
}
