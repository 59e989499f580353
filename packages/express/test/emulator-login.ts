/**
 * Drives the emulator's hosted login like a browser would: follows redirects with a
 * cookie jar, submits the "Sign in as <email>" button of the login form, and stops at
 * the redirect back to the app's callback. Only `fetch` against the running emulator.
 */

/** A minimal browser cookie jar (one host): name -> value, honouring deletions. */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** Applies `Set-Cookie` values; `Max-Age=0` or an empty value deletes the cookie. */
  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq <= 0) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a))
      if (expired || value === '') this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  /** The `Cookie` request header value ('' when empty). */
  header(): string {
    return [...this.#cookies].map(([n, v]) => `${n}=${v}`).join('; ')
  }

  /** Names currently stored. */
  names(): string[] {
    return [...this.#cookies.keys()]
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)
  }
}

async function request(
  jar: CookieJar,
  url: string,
  init: { method?: string; form?: Record<string, string> } = {},
): Promise<Response> {
  const headers = new Headers({ accept: 'text/html' })
  const cookie = jar.header()
  if (cookie) headers.set('cookie', cookie)
  let body: string | undefined
  if (init.form) {
    headers.set('content-type', 'application/x-www-form-urlencoded')
    body = new URLSearchParams(init.form).toString()
  }
  const res = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' })
  jar.store(res.headers.getSetCookie())
  return res
}

/** Follows redirects inside the emulator until a page is shown or the app is reached. */
async function follow(
  jar: CookieJar,
  start: Response,
  startUrl: string,
  appOrigin: string,
): Promise<{ page?: { url: string; html: string }; callback?: URL }> {
  let res = start
  let url = startUrl
  for (let hop = 0; hop < 15; hop++) {
    if (res.status < 300 || res.status >= 400) {
      return { page: { url, html: await res.text() } }
    }
    const next = new URL(res.headers.get('location') ?? '', url)
    if (next.origin === appOrigin) return { callback: next }
    url = next.toString()
    res = await request(jar, url)
  }
  throw new Error('too many redirects inside the emulator')
}

/**
 * From the app's redirect to the authorize URL, signs in at the emulator as `email`
 * (its one-click button) and returns the URL the emulator sends the browser back to
 * (the app's callback with `code` and `state`).
 */
export async function signInAtEmulator(options: {
  authorizeUrl: string
  email: string
  appOrigin: string
  jar?: CookieJar
}): Promise<URL> {
  const jar = options.jar ?? new CookieJar()
  const first = await request(jar, options.authorizeUrl)
  const shown = await follow(jar, first, options.authorizeUrl, options.appOrigin)
  if (shown.callback) return shown.callback
  const page = shown.page!
  const form = /<form method="post" action="([^"]*\/login)">([\s\S]*?)<\/form>/.exec(page.html)
  if (!form) throw new Error(`no login form on ${page.url}: ${page.html.slice(0, 300)}`)
  const escaped = options.email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const button = new RegExp(`name="user_id" value="([^"]+)">Sign in as ${escaped}<`).exec(form[2]!)
  if (!button) throw new Error(`no "Sign in as ${options.email}" button`)
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), page.url).toString()
  const submitted = await request(jar, action, { method: 'POST', form: { user_id: button[1]! } })
  const done = await follow(jar, submitted, action, options.appOrigin)
  if (!done.callback) {
    throw new Error(`login did not return to the app: ${done.page?.html.slice(0, 300)}`)
  }
  return done.callback
}

/** Hidden inputs of a form's markup, as name -> value. */
function hiddenInputs(markup: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const input of markup.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input[0])?.[1]
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? ''
    if (name && /type="hidden"/.test(input[0])) fields[name] = value
  }
  return fields
}

/**
 * Follows the app's redirect to the environment's logout URL, submits the emulator's
 * "Sign out" form, and returns where the emulator sends the browser back to.
 */
export async function signOutAtEmulator(options: {
  logoutUrl: string
  appOrigin: string
  jar: CookieJar
}): Promise<URL> {
  const { jar, appOrigin } = options
  const first = await request(jar, options.logoutUrl)
  const shown = await follow(jar, first, options.logoutUrl, appOrigin)
  if (shown.callback) return shown.callback
  const page = shown.page!
  const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/.exec(page.html)
  if (!form) throw new Error(`no logout form on ${page.url}`)
  const action = new URL(form[1]!.replace(/&amp;/g, '&'), page.url).toString()
  const submitted = await request(jar, action, { method: 'POST', form: hiddenInputs(form[2]!) })
  const done = await follow(jar, submitted, action, appOrigin)
  if (!done.callback)
    throw new Error(`logout did not return to the app: ${done.page?.html.slice(0, 300)}`)
  return done.callback
}

/** True when the emulator shows its login form for this authorize URL (no live session). */
export async function emulatorAsksToSignIn(
  authorizeUrl: string,
  jar: CookieJar,
  appOrigin: string,
): Promise<boolean> {
  const first = await request(jar, authorizeUrl)
  const shown = await follow(jar, first, authorizeUrl, appOrigin)
  return shown.page !== undefined && /Sign in as /.test(shown.page.html)
}
