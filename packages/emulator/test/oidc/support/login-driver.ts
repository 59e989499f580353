import { createHash, randomBytes } from 'node:crypto'

/**
 * A minimal cookie jar for driving the emulator's login pages with fetch: keeps the
 * latest value per cookie name and drops cookies the server expires.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>()

  /** Stores the Set-Cookie headers of a response. */
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      if (eq < 1) continue
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => {
        const [k = '', v = ''] = a.trim().split('=')
        if (k.toLowerCase() === 'max-age') return Number(v) <= 0
        if (k.toLowerCase() === 'expires') return Date.parse(v) <= Date.now()
        return false
      })
      if (expired || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  /** The Cookie header to send. */
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** Cookie names held (for assertions). */
  names(): string[] {
    return [...this.cookies.keys()]
  }
}

/** A response reached by following redirects inside the emulator. */
export interface Landing {
  /** Final URL (an emulator page, or the first URL outside the emulator). */
  url: URL
  status: number
  /** Body text when the final URL is an emulator page. */
  body: string
  /** True when the chain left the emulator (e.g. the app's redirect URI). */
  external: boolean
}

/** A browser-like fetch session against one emulator. */
export class Browser {
  readonly jar = new CookieJar()
  constructor(readonly baseUrl: string) {}

  /** GET or POST and follow redirects while they stay on the emulator. */
  async go(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Landing> {
    let target = new URL(url, this.baseUrl)
    let method = init.method ?? (init.form ? 'POST' : 'GET')
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined
    for (let hop = 0; hop < 20; hop++) {
      if (target.origin !== new URL(this.baseUrl).origin)
        return { url: target, status: 0, body: '', external: true }
      const res = await fetch(target, {
        method,
        redirect: 'manual',
        headers: {
          cookie: this.jar.header(),
          ...(body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        body,
      })
      this.jar.store(res)
      const location = res.headers.get('location')
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer()
        target = new URL(location, target)
        method = 'GET'
        body = undefined
        continue
      }
      const text = await res.text()
      const autoPost =
        res.status === 200 && /\.submit\(\)/.test(text) ? postForms(text)[0] : undefined
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
}

/** Forms with method="post" in a page: action (decoded) and inner HTML. */
export function postForms(page: string): { action: string; inner: string }[] {
  const out: { action: string; inner: string }[] = []
  for (const m of page.matchAll(/<form([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1] ?? ''
    if (!/method="post"/i.test(attrs)) continue
    const action = /action="([^"]*)"/i.exec(attrs)?.[1]
    if (action) out.push({ action: decodeEntities(action), inner: m[2] ?? '' })
  }
  return out
}

/** Decodes the few HTML entities the emulator's escaping produces. */
export function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
}

/** Hidden inputs of a form fragment as a record. */
export function hiddenInputs(formHtml: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of formHtml.matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1]
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? ''
    if (name) out[decodeEntities(name)] = decodeEntities(value)
  }
  return out
}

/** The action of the form that contains `marker` (a button text or field id). */
export function formActionContaining(page: string, marker: string): string {
  for (const m of page.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/gi)) {
    if ((m[2] ?? '').includes(marker)) return decodeEntities(m[1] ?? '')
  }
  throw new Error(`no form containing ${marker}`)
}

/** PKCE verifier and S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

/** How the login page is driven. */
export type LoginMethod = 'button' | 'email-sso' | 'email-code'

/** Options of {@link loginWithForms}. */
export interface LoginOptions {
  email: string
  clientId: string
  redirectUri: string
  method?: LoginMethod
  scope?: string
  /** Extra authorize parameters (organization_id, connection_id, prompt, ...). */
  params?: Record<string, string>
  /** Reuse a browser (cookies) across logins. */
  browser?: Browser
  /** Reads the passwordless code for `email` (for method 'email-code'). */
  readCode?: (email: string) => Promise<string> | string
}

/** What a completed login returns. */
export interface LoginResult {
  code: string
  state: string
  nonce: string
  codeVerifier: string
  callback: URL
  browser: Browser
}

/**
 * Drives a full authorization-code + PKCE login through the emulator's HTML forms with
 * plain fetch: authorize -> login page -> (button | email -> SSO page | email -> code)
 * -> redirect to `redirectUri` with `code` and `state`.
 */
export async function loginWithForms(
  emulatorUrl: string,
  opts: LoginOptions,
): Promise<LoginResult> {
  const browser = opts.browser ?? new Browser(emulatorUrl)
  const { verifier, challenge } = pkce()
  const state = randomBytes(12).toString('base64url')
  const nonce = randomBytes(12).toString('base64url')
  const authorize = new URL('/oauth/authorize', emulatorUrl)
  const query: Record<string, string> = {
    client_id: opts.clientId,
    redirect_uri: opts.redirectUri,
    response_type: 'code',
    scope: opts.scope ?? 'openid profile email offline_access',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...opts.params,
  }
  for (const [k, v] of Object.entries(query)) authorize.searchParams.set(k, v)
  let landing = await browser.go(authorize.href)
  const method = opts.method ?? 'button'
  if (!landing.external) {
    if (landing.status !== 200)
      throw new Error(`login page answered ${landing.status}: ${landing.body.slice(0, 300)}`)
    if (/Emulated identity provider/.test(landing.body)) {
      landing = await submitSso(browser, landing, opts.email)
    } else if (method === 'button') {
      const button = new RegExp(
        `name="user_id" value="([^"]+)">Sign in as ${escapeRe(opts.email)}<`,
      ).exec(landing.body)
      if (!button?.[1]) throw new Error(`no "Sign in as ${opts.email}" button`)
      landing = await browser.go(formActionContaining(landing.body, 'name="user_id"'), {
        form: { user_id: decodeEntities(button[1]) },
      })
    } else {
      landing = await browser.go(formActionContaining(landing.body, 'id="email"'), {
        form: { email: opts.email },
      })
      if (method === 'email-sso' || /Emulated identity provider/.test(landing.body)) {
        landing = await submitSso(browser, landing, opts.email)
      } else {
        if (!opts.readCode) throw new Error('readCode is required for email-code logins')
        const code = await opts.readCode(opts.email)
        landing = await browser.go(formActionContaining(landing.body, 'id="code"'), {
          form: { code },
        })
      }
    }
  }
  if (!landing.external)
    throw new Error(`login did not finish: ${landing.status} ${landing.body.slice(0, 400)}`)
  const callback = landing.url
  const code = callback.searchParams.get('code')
  if (!code) throw new Error(`no code in callback: ${callback.href}`)
  return {
    code,
    state: callback.searchParams.get('state') ?? '',
    nonce,
    codeVerifier: verifier,
    callback,
    browser,
  }
}

async function submitSso(browser: Browser, landing: Landing, email: string): Promise<Landing> {
  const action = formActionContaining(landing.body, 'name="connection_id"')
  const form =
    /<form[^>]*action="[^"]*\/sso"[^>]*>([\s\S]*?)<\/form>/i.exec(landing.body)?.[1] ?? ''
  return browser.go(action, { form: { ...hiddenInputs(form), email } })
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Exchanges a code at the token endpoint (client_secret_basic). */
export async function exchangeCode(
  emulatorUrl: string,
  args: {
    code: string
    redirectUri: string
    codeVerifier: string
    clientId: string
    clientSecret: string
  },
): Promise<{ status: number; body: Record<string, unknown> }> {
  return tokenRequest(emulatorUrl, args.clientId, args.clientSecret, {
    grant_type: 'authorization_code',
    code: args.code,
    redirect_uri: args.redirectUri,
    code_verifier: args.codeVerifier,
  })
}

/** POSTs to the token endpoint with client_secret_basic. */
export async function tokenRequest(
  emulatorUrl: string,
  clientId: string,
  clientSecret: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(new URL('/oauth/token', emulatorUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
    },
    body: new URLSearchParams(form),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}
