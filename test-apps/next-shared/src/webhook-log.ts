import { createWebhookLog, type WebhookLog } from '@kit/example-shared'

const KEY = Symbol.for('kit.test-app.webhook-log')

/**
 * The process's webhook log. Next may load a module once per route bundle, so the log
 * lives on `globalThis`: the webhook route and the events page see the same one.
 */
export function webhookLog(): WebhookLog {
  const store = globalThis as { [KEY]?: WebhookLog }
  store[KEY] ??= createWebhookLog()
  return store[KEY]
}
