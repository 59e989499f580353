/**
 * A fetch-based "browser" for the emulator's pages: keeps the emulator's cookies, follows
 * redirects while they stay on the emulator, auto-submits self-posting forms, and stops at
 * the first URL outside it (the app's callback or post-logout page).
 */

/** Where a navigation ended. */
export interface Landing {
  url: URL
  status: number
  body: string
  /** True when the chain left the emulator (e.g. reached the app). */
  external: boolean
}

export class EmulatorBrowser {
  readonly #cookies = new Map<string, string>()

  constructor(readonly origin: string) {}

  /** Navigates (GET, or POST of a form) and follows redirects on the emulator. */
  async go(url: string, form?: Record<string, string>): Promise<Landing> {
    let target = new URL(url, this.origin)
    let method = form ? 'POST' : 'GET'
    let body: string | undefined = form ? new URLSearchParams(form).toString() : undefined
    for (let hop = 0; hop < 20; hop++) {
      if (target.origin !== this.origin) return { url: target, status: 0, body: '', external: true }
      const res = await fetch(target, {
        method,
        redirect: 'manual',
        headers: {
          cookie: [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
      })
      this.#store(res)
      const location = res.headers.get('location')
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer()
        target = new URL(location, target)
        method = 'GET'
        body = undefined
        continue
      }
      const text = await res.text()
      const autoPost = res.status === 200 && /\.submit\(\)/.test(text) ? firstPostForm(text) : null
      if (autoPost) {
        target = new URL(autoPost.action, target)
        method = 'POST'
        body = new URLSearchParams(hiddenInputs(autoPost.inner)).toString()
        continue
      }
      return { url: target, status: res.status, body: text, external: false }
    }
    throw new Error('too many redirects')
  }

  /** Clicks "Sign in as <email>" on the login page. */
  async signInAs(page: Landing, email: string): Promise<Landing> {
    const escaped = email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const button = new RegExp(`name="user_id" value="([^"]+)">Sign in as ${escaped}<`).exec(
      page.body,
    )
    if (!button?.[1])
      throw new Error(`no "Sign in as ${email}" button in ${page.body.slice(0, 500)}`)
    return this.go(formActionContaining(page.body, 'name="user_id"'), {
      user_id: decode(button[1]),
    })
  }

  /** Submits the emulated SSO identity provider page ("Sign in"). */
  async submitSso(page: Landing, email: string): Promise<Landing> {
    const match = /<form[^>]*action="([^"]*\/sso[^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body)
    if (!match) throw new Error(`no SSO form in ${page.body.slice(0, 500)}`)
    return this.go(decode(match[1]!), { ...hiddenInputs(match[2]!), email })
  }

  #store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a))
      if (expired || value === '') this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }
}

function firstPostForm(page: string): { action: string; inner: string } | null {
  for (const m of page.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? ''
    const action = /action="([^"]*)"/i.exec(attrs)?.[1]
    if (/method="post"/i.test(attrs) && action) return { action: decode(action), inner: m[2] ?? '' }
  }
  return null
}

function formActionContaining(page: string, marker: string): string {
  for (const m of page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/gi)) {
    if ((m[2] ?? '').includes(marker)) return decode(m[1] ?? '')
  }
  throw new Error(`no form containing ${marker}`)
}

function hiddenInputs(formHtml: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of formHtml.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1]
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? ''
    if (name) out[decode(name)] = decode(value)
  }
  return out
}

function decode(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}
