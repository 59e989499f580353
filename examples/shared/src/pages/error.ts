import { html } from '../html.js'
import { type PageUser, renderPage } from '../layout.js'

/** Inputs of an error page. */
export interface ErrorView {
  framework: string
  user: PageUser | null
  /** HTTP status shown in the heading (403, 404, ...). */
  status: number
  title: string
  message: string
  /** Stable error code from the kit (`{ error: { code } }`), when there is one. */
  code?: string
}

/**
 * An error page (403 forbidden, 404, login errors). The message is escaped like every
 * other value, so error text that echoes request data is harmless.
 *
 * @example
 * res.status(403).send(renderError({ framework, user, status: 403, title: 'Forbidden', message }))
 */
export function renderError(view: ErrorView): string {
  const { framework, user, status, title, message, code } = view
  const body = html`
    <section class="card alert" role="alert">
      <h1>${status} · ${title}</h1>
      <p>${message}</p>
      ${code ? html`<p class="muted">Code: <code>${code}</code></p>` : ''}
      <p><a class="btn secondary" href="/">Back home</a></p>
    </section>`
  return renderPage({ title: `${status} ${title}`, framework, user, body })
}
