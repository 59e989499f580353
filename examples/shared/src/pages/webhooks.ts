import { html } from '../html.js'
import { type PageUser, renderPage } from '../layout.js'
import type { ReceivedWebhook } from '../webhook-log.js'

/** Inputs of the webhook events page. */
export interface WebhooksView {
  framework: string
  user: PageUser | null
  events: ReceivedWebhook[]
}

/**
 * Lists the webhook events the app received and verified at `POST /webhooks`, newest
 * first, with each payload as escaped JSON.
 *
 * @example
 * res.send(renderWebhookEvents({ framework: 'Express', user, events: webhooks.list() }))
 */
export function renderWebhookEvents(view: WebhooksView): string {
  const { framework, user, events } = view
  const rows = events.map(
    (e) => html`<tr>
      <td><strong>${e.type}</strong><br><code class="muted">${e.id ?? ''}</code></td>
      <td class="muted">${e.receivedAt}</td>
      <td><details><summary>JSON</summary><pre>${JSON.stringify(e.event, null, 2)}</pre></details></td>
    </tr>`,
  )
  const table =
    events.length === 0
      ? html`<p class="muted">No events yet. Change something in the environment (for example
          an organization in the emulator console) and reload.</p>`
      : html`<table aria-label="Webhook events">
          <thead><tr><th>Event</th><th>Received</th><th>Payload</th></tr></thead>
          <tbody>${rows}</tbody>
        </table>`
  const body = html`
    <h1>Webhook events</h1>
    <p class="lead">Signed events delivered by the environment to <code>POST /webhooks</code>,
      verified with <code>KIT_WEBHOOK_SECRET</code> and kept in memory.</p>
    <section class="card">${table}</section>`
  return renderPage({ title: 'Webhook events', framework, user, path: '/webhooks/events', body })
}
