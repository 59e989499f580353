import type { RouteModule } from '../context.js'
import { html, type SafeHtml } from '../http/html.js'
import { sendHtml } from '../http/send.js'
import { layout } from '../ui/console/layout.js'
import type { Mailbox, MailMessage } from './mailbox.js'

/** Mail as an HTML table: codes, links (clickable) and invitations. */
export function mailTable(messages: MailMessage[]): SafeHtml {
  if (messages.length === 0)
    return html`<p class="muted">No mail yet. Passwordless codes, magic links and invitations appear here; nothing leaves this machine.</p>`
  return html`<table><thead><tr><th>To</th><th>Kind</th><th>Subject</th><th>Code / link</th><th>Body</th><th>Time</th></tr></thead><tbody>
  ${messages.map((m) => {
    const code = typeof m.data.code === 'string' ? m.data.code : ''
    const link =
      typeof m.data.link === 'string' && /^https?:\/\//.test(m.data.link) ? m.data.link : ''
    return html`<tr data-mail-id="${m.id}"><td>${m.to}</td><td>${m.kind}</td><td>${m.subject}</td><td>${code ? html`<code data-code>${code}</code> ` : ''}${link ? html`<a href="${link}" data-link>open link</a>` : ''}</td><td><pre>${m.body}</pre></td><td class="muted">${m.create_time}</td></tr>`
  })}
  </tbody></table>`
}

/** The `/mailbox` page (optionally `?to=email`), newest first. */
export function createMailboxPage(mailbox: Mailbox): RouteModule {
  return async (req, res, url) => {
    if (url.pathname !== '/mailbox' || (req.method !== 'GET' && req.method !== 'HEAD')) return false
    const to = url.searchParams.get('to') ?? undefined
    const messages = mailbox.list(to)
    const body = html`<section aria-labelledby="mail"><h2 id="mail">Mailbox${to ? html` for ${to}` : ''} (${messages.length})</h2>
<form method="get" action="/mailbox"><label>Recipient <input name="to" type="email" value="${to ?? ''}"></label> <button type="submit">Filter</button></form>
${mailTable(messages)}</section>`
    sendHtml(res, 200, layout('Mailbox', body))
    return true
  }
}
