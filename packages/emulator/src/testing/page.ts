import { type HtmlForm, parseForms, textContent } from './html-forms.js'

/**
 * Which emulator page a response is, read from its markup: `login` (email field, "Sign
 * in as" buttons), `sso` (emulated enterprise IdP), `code` (passwordless code),
 * `social` (emulated Google/GitHub/Microsoft account picker), `consent`,
 * `organization` (the "Choose an organization" page), `logout` (the self-submitting
 * "Signing out" form), `signed-out`, `error` (the emulator's sign-in error pages), or
 * `other` for anything else, such as the app's own pages.
 */
export type PageKind =
  | 'login'
  | 'sso'
  | 'code'
  | 'social'
  | 'consent'
  | 'organization'
  | 'logout'
  | 'signed-out'
  | 'error'
  | 'other'

/** Where a navigation ended. */
export interface Page {
  /** The URL of the final response (or the URL the browser stopped before requesting). */
  url: URL
  /** HTTP status; 0 when `stopped`. */
  status: number
  headers: Headers
  /** The response body as text; `''` when `stopped`. */
  body: string
  /** What kind of emulator page this is (`other` for non-emulator pages). */
  kind: PageKind
  /**
   * True when a redirect pointed at a URL the browser was told not to request (`stopAt`
   * or outside `allowedOrigins`): `url` is that target, e.g. the app's callback with
   * `code` and `state`.
   */
  stopped: boolean
  /** Every URL requested on the way, in order (redirects and auto-submitted forms). */
  chain: URL[]
  /** Cookies of `url`'s origin held by the browser after this response. */
  cookies: Record<string, string>
}

const INTERACTION =
  /\/interaction\/[^/?#]+\/(login|email|sso|code|social|consent|organization|abort)$/

/** Classifies a page by the emulator markup it carries. */
export function classifyPage(body: string, url: URL): PageKind {
  if (!body) return 'other'
  const forms = parseForms(body, url)
  const step = (f: HtmlForm) =>
    f.action.origin === url.origin ? INTERACTION.exec(f.action.pathname)?.[1] : undefined
  const has = (name: string, method?: 'get' | 'post') =>
    forms.some((f) => step(f) === name && (!method || f.method === method))
  if (has('code')) return 'code'
  if (has('sso', 'post')) return 'sso'
  if (has('consent')) return 'consent'
  if (has('organization', 'post')) return 'organization'
  const emailForm = forms.find((f) => step(f) === 'email')
  if (has('login') || emailForm?.controls.some((c) => c.name === 'email' && c.type !== 'hidden'))
    return 'login'
  if (has('social', 'post')) return 'social'
  if (forms.some((f) => f.id === 'op.logoutForm' || /\/logout\/confirm$/.test(f.action.pathname)))
    return 'logout'
  const title = /<title>([\s\S]*?)<\/title>/i.exec(body)?.[1]?.trim()
  if (title === 'Signed out') return 'signed-out'
  if (title === 'Sign-in error') return 'error'
  return 'other'
}

/** Text of the page's alert banner(s) (`role="alert"`), or the whole text when none. */
export function alertText(body: string): string {
  const alerts = [...body.matchAll(/<([a-z]+)\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/gi)].map(
    (m) => textContent(m[2] ?? ''),
  )
  if (alerts.length > 0) return alerts.join(' ')
  return textContent(/<body\b[^>]*>([\s\S]*)<\/body>/i.exec(body)?.[1] ?? body).slice(0, 300)
}

/** Forms of a page (actions resolved against its URL). */
export function formsOf(page: Pick<Page, 'body' | 'url'>): HtmlForm[] {
  return parseForms(page.body, page.url)
}
