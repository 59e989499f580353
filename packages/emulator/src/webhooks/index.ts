/** Webhook delivery: event sink, endpoints, Standard Webhooks signing and dispatcher. */
export { type DispatcherDeps, WebhookDispatcher, type WebhookRetryOptions } from './dispatcher.js'
export {
  endpointWants,
  listWebhookEndpoints,
  upsertWebhookEndpoint,
  type WebhookEndpoint,
  type WebhookEndpointInput,
} from './endpoints.js'
export { createEventSink, type EventSinkDeps } from './events.js'
export {
  generateWebhookSecret,
  isWebhookSecret,
  signWebhook,
  WEBHOOK_SECRET_PREFIX,
  webhookHeaders,
} from './signature.js'
