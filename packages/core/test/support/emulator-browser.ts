/**
 * Drives the emulator's login pages the way a browser would, with fetch: a cookie jar,
 * manual redirects followed while they stay on the emulator, and form submissions.
 * Stops at the first redirect that leaves the emulator (the app's callback).
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&quot;': '"',
  '&#39;': "'",
  '&lt;': '<',
  '&gt;': '>',
  '&#96;': '`',
}

function unescapeHtml(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt|#96);/g, (m) => ENTITIES[m] ?? m)
}

/** A page reached inside the emulator, or the URL outside it where the chain ended. */
export interface Page {
  url: URL
  status: number
  html: string
  /** True when a redirect left the emulator (e.g. to the redirect URI). */
  left: boolean
}

/** A form of a page: action, method and its inputs (hidden and named buttons). */
export interface Form {
  action: string
  method: string
  html: string
  fields: Record<string, string>
}

/** Forms of an HTML page. */
export function formsOf(page: Page): Form[] {
  const out: Form[] = []
  for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? ''
    const html = m[2] ?? ''
    const fields: Record<string, string> = {}
    for (const input of html.matchAll(/<input\b[^>]*>/gi)) {
      const name = /\bname="([^"]*)"/i.exec(input[0])?.[1]
      if (name)
        fields[unescapeHtml(name)] = unescapeHtml(/\bvalue="([^"]*)"/i.exec(input[0])?.[1] ?? '')
    }
    out.push({
      action: unescapeHtml(/\baction="([^"]*)"/i.exec(attrs)?.[1] ?? page.url.href),
      method: (/\bmethod="([^"]*)"/i.exec(attrs)?.[1] ?? 'get').toLowerCase(),
      html,
      fields,
    })
  }
  return out
}

export class EmulatorBrowser {
  readonly #cookies = new Map<string, string>()
  readonly #origin: string

  constructor(emulatorUrl: string) {
    this.#origin = new URL(emulatorUrl).origin
  }

  /** Requests a URL and follows redirects (and auto-submitting pages) inside the emulator. */
  async open(url: string | URL, form?: Record<string, string>): Promise<Page> {
    let target = new URL(url)
    let body = form ? new URLSearchParams(form).toString() : undefined
    for (let hop = 0; hop < 25; hop++) {
      if (target.origin !== this.#origin) return { url: target, status: 0, html: '', left: true }
      const res = await fetch(target, {
        method: body === undefined ? 'GET' : 'POST',
        redirect: 'manual',
        headers: {
          cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        body,
      })
      this.#store(res.headers.getSetCookie())
      const location = res.headers.get('location')
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer()
        target = new URL(location, target)
        body = undefined
        continue
      }
      const page: Page = { url: target, status: res.status, html: await res.text(), left: false }
      const auto = /\.submit\(\)/.test(page.html) ? formsOf(page)[0] : undefined
      if (res.status === 200 && auto && auto.method === 'post') {
        target = new URL(auto.action, target)
        body = new URLSearchParams(auto.fields).toString()
        continue
      }
      return page
    }
    throw new Error('too many redirects')
  }

  /** Submits the form whose HTML contains `marker`, with extra field values. */
  async submit(
    page: Page,
    marker: string | RegExp,
    extra: Record<string, string> = {},
  ): Promise<Page> {
    const form = formsOf(page).find((f) =>
      typeof marker === 'string' ? f.html.includes(marker) : marker.test(f.html),
    )
    if (!form) throw new Error(`no form containing ${marker} on ${page.url.href}`)
    return this.open(new URL(form.action, page.url), { ...form.fields, ...extra })
  }

  #store(lines: string[]): void {
    for (const line of lines) {
      const [pair = ''] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      if (value === '' || /max-age=0\b/i.test(line)) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }
}

/**
 * Logs in through the emulator's login page by pressing "Sign in as <email>", starting
 * from an authorization URL; returns the callback URL the emulator redirects to.
 */
export async function signInAs(authorizationUrl: string, email: string): Promise<URL> {
  const browser = new EmulatorBrowser(authorizationUrl)
  const login = await browser.open(authorizationUrl)
  if (login.left) throw new Error(`authorize redirected away at once: ${login.url.href}`)
  const button = new RegExp(
    `<button[^>]*name="([^"]+)"[^>]*value="([^"]+)"[^>]*>\\s*Sign in as ${email.replace(/[.]/g, '\\.')}\\s*<`,
  )
  const match = button.exec(login.html)
  if (!match) throw new Error(`no "Sign in as ${email}" button (status ${login.status})`)
  const done = await browser.submit(login, match[0], { [match[1]!]: unescapeHtml(match[2]!) })
  if (!done.left) throw new Error(`login did not finish: ${done.status} ${done.html.slice(0, 300)}`)
  return done.url
}
