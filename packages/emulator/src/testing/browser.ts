import { CookieJar } from './cookie-jar.js'
import { EmulatorBrowserError } from './errors.js'
import { buildSubmission, findButton, type Submission } from './form-submission.js'
import type { HtmlForm } from './html-forms.js'
import { classifyPage, formsOf, type Page } from './page.js'
import { type SignInOptions, type SignInResult, signIn } from './sign-in.js'
import { type SignOutOptions, signOut } from './sign-out.js'
import { type StopAt, stopMatcher } from './stop-at.js'

/** Options of {@link EmulatorBrowser}. */
export interface EmulatorBrowserOptions {
  /** Share a jar between browsers, or pre-load cookies. Default: a new jar. */
  jar?: CookieJar
  /** The fetch to use (e.g. one that routes the app's origin to an in-process handler). */
  fetch?: typeof fetch
  /** Redirects plus auto-submitted forms one navigation may follow. Default 20. */
  maxRedirects?: number
  /** Per-request timeout in milliseconds. Default 10 000. */
  timeoutMs?: number
  /**
   * When set, only these origins are requested: a redirect anywhere else ends the
   * navigation with `stopped: true` (useful when the redirect URI has no server).
   */
  allowedOrigins?: readonly (string | URL)[]
  /** Headers sent with every request (default `accept` asks for HTML, like a browser). */
  headers?: Record<string, string>
  /** Submit pages that submit themselves by script (the logout confirmation). Default true. */
  autoSubmit?: boolean
}

/** Options of one navigation. */
export interface NavigateOptions {
  /** Default GET, or POST when `form` is given. */
  method?: string
  /** Sent as `application/x-www-form-urlencoded`. */
  form?: Record<string, string> | URLSearchParams
  /** Extra headers, sent only to the origin of `url` (never across a redirect to another). */
  headers?: Record<string, string>
  /** Stop before requesting a redirect target that matches (see {@link StopAt}). */
  stopAt?: StopAt
  /**
   * Origin of the page a POST comes from, sent as the `Origin` header as browsers do.
   * Default: the target's own origin (a same-origin form). After a cross-origin 307/308
   * redirect it becomes `null`, like a browser's.
   */
  origin?: string
}

/** Options of {@link EmulatorBrowser.click} and {@link EmulatorBrowser.submit}. */
export interface ClickOptions {
  /** Field values by label text ("Email"), name or id. */
  fill?: Record<string, string>
  stopAt?: StopAt
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const AUTO_SUBMIT = /<script\b[^>]*>[\s\S]*?\.submit\(\)[\s\S]*?<\/script\s*>/i

/**
 * A cookie-keeping, fetch-based browser for tests that go through the emulator's login
 * pages and an app in front of it, with no real browser. It keeps cookies per origin
 * (so the app on `localhost` and the emulator on `127.0.0.1` stay apart), follows
 * redirects itself (bounded), submits self-posting pages, reads forms and clicks buttons
 * by their visible names, and has one-call `signIn` / `signOut` steps.
 *
 * @example
 * const browser = new EmulatorBrowser()
 * const home = await browser.signIn({ startUrl: `${appUrl}/auth/login`, email: 'alice@acme.test' })
 * expect(home.status).toBe(200)
 * await browser.signOut({ startUrl: `${appUrl}/auth/logout` })
 */
export class EmulatorBrowser {
  /** The browser's cookies, per origin. */
  readonly jar: CookieJar
  readonly #fetch: typeof fetch
  readonly #maxRedirects: number
  readonly #timeoutMs: number
  readonly #allowed?: Set<string>
  readonly #headers: Record<string, string>
  readonly #autoSubmit: boolean

  constructor(options: EmulatorBrowserOptions = {}) {
    const { maxRedirects = 20, timeoutMs = 10_000 } = options
    if (!Number.isInteger(maxRedirects) || maxRedirects < 0)
      throw new EmulatorBrowserError(
        'ERR_EMU_INVALID_OPTION',
        'maxRedirects must be an integer >= 0',
      )
    if (!(timeoutMs > 0))
      throw new EmulatorBrowserError('ERR_EMU_INVALID_OPTION', 'timeoutMs must be > 0')
    this.jar = options.jar ?? new CookieJar()
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.#maxRedirects = maxRedirects
    this.#timeoutMs = timeoutMs
    if (options.allowedOrigins)
      this.#allowed = new Set(options.allowedOrigins.map((o) => new URL(o).origin))
    this.#headers = {
      accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8',
      ...options.headers,
    }
    this.#autoSubmit = options.autoSubmit ?? true
  }

  /** GET `url` and follow redirects to a page. */
  get(url: string | URL, options: Omit<NavigateOptions, 'method' | 'form'> = {}): Promise<Page> {
    return this.navigate(url, { ...options, method: 'GET' })
  }

  /** POST `form` (urlencoded) to `url` and follow redirects to a page. */
  post(
    url: string | URL,
    form: Record<string, string> | URLSearchParams = {},
    options: Omit<NavigateOptions, 'method' | 'form'> = {},
  ): Promise<Page> {
    return this.navigate(url, { ...options, method: 'POST', form })
  }

  /**
   * Requests `url`, then follows redirects (301/302/303 become GET, 307/308 keep method
   * and body) and self-submitting forms until a page is reached, a redirect target
   * matches `stopAt`/leaves `allowedOrigins`, or `maxRedirects` is exceeded.
   */
  async navigate(url: string | URL, options: NavigateOptions = {}): Promise<Page> {
    const stop = stopMatcher(options.stopAt, this.#allowed)
    let target = absoluteUrl(url)
    let method = (options.method ?? (options.form ? 'POST' : 'GET')).toUpperCase()
    let body = options.form ? new URLSearchParams(options.form).toString() : undefined
    let origin = method === 'POST' ? (options.origin ?? target.origin) : undefined
    const start = target.origin
    const chain: URL[] = []
    for (let hops = 0; ; hops++) {
      if (hops > this.#maxRedirects) {
        const tail = chain.slice(-4).map((u) => u.href)
        throw new EmulatorBrowserError(
          'ERR_EMU_TOO_MANY_REDIRECTS',
          `more than ${this.#maxRedirects} redirects; last: ${tail.join(' -> ')}`,
        )
      }
      chain.push(target)
      const res = await this.#request(target, method, body, {
        ...(target.origin === start ? options.headers : {}),
        ...(origin !== undefined ? { origin } : {}),
      })
      const location = res.headers.get('location')
      if (REDIRECTS.has(res.status) && location !== null) {
        await res.body?.cancel()
        const next = new URL(location, target)
        if (!(res.status === 307 || res.status === 308)) {
          method = 'GET'
          body = undefined
          origin = undefined
        } else if (origin !== undefined && next.origin !== target.origin) origin = 'null'
        if (stop(next)) return this.#stopped(next, chain)
        target = next
        continue
      }
      const text = await res.text()
      const auto = this.#autoSubmit && res.status === 200 ? autoSubmission(text, target) : undefined
      if (auto) {
        if (stop(auto.url)) return this.#stopped(auto.url, chain)
        origin = auto.method === 'POST' ? target.origin : undefined
        target = auto.url
        method = auto.method
        body = auto.body
        continue
      }
      return {
        url: target,
        status: res.status,
        headers: res.headers,
        body: text,
        kind: classifyPage(text, target),
        stopped: false,
        chain,
        cookies: this.jar.all(target),
      }
    }
  }

  /**
   * Clicks the submit button named `name` (its visible text, exact) on `page`, after
   * filling fields by label, name or id, and follows where it leads.
   *
   * @example
   * await browser.click(loginPage, 'Continue', { fill: { Email: 'dave@example.test' } })
   */
  async click(page: Page, name: string | RegExp, options: ClickOptions = {}): Promise<Page> {
    const { form, button } = findButton(page, name)
    return this.#send(page, buildSubmission(form, { button, fill: options.fill, page }), options)
  }

  /** Submits a form of `page` (see {@link formsOf}) without clicking a named button. */
  async submit(page: Page, form: HtmlForm, options: ClickOptions = {}): Promise<Page> {
    return this.#send(page, buildSubmission(form, { fill: options.fill, page }), options)
  }

  /** One-call login through the emulator's pages; see {@link SignInOptions}. */
  signIn(options: SignInOptions): Promise<SignInResult> {
    return signIn(this, options)
  }

  /** One-call logout (app route or emulator logout URL); see {@link SignOutOptions}. */
  signOut(options: SignOutOptions): Promise<Page> {
    return signOut(this, options)
  }

  /** A cookie's value for an origin (or any URL of it), or undefined. */
  cookie(origin: string | URL, name: string): string | undefined {
    return this.jar.get(origin, name)
  }

  /** The `Cookie` header this browser would send to `url` (an origin means its `/`). */
  cookieHeader(url: string | URL): string {
    return this.jar.header(url)
  }

  #send(page: Page, submission: Submission, options: ClickOptions): Promise<Page> {
    return this.navigate(submission.url, {
      method: submission.method,
      origin: page.url.origin,
      ...(submission.body !== undefined ? { form: new URLSearchParams(submission.body) } : {}),
      stopAt: options.stopAt,
    })
  }

  async #request(
    url: URL,
    method: string,
    body: string | undefined,
    headers: Record<string, string>,
  ): Promise<Response> {
    const h = new Headers({ ...this.#headers, ...headers })
    const cookie = this.jar.header(url)
    if (cookie) h.set('cookie', cookie)
    if (body !== undefined) h.set('content-type', 'application/x-www-form-urlencoded')
    let res: Response
    try {
      res = await this.#fetch(url, {
        method,
        headers: h,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
    } catch (cause) {
      throw new EmulatorBrowserError(
        'ERR_EMU_REQUEST_FAILED',
        `${method} ${url.href} failed: ${(cause as Error).message}`,
        { cause },
      )
    }
    this.jar.store(url, res.headers.getSetCookie())
    return res
  }

  #stopped(url: URL, chain: URL[]): Page {
    return {
      url,
      status: 0,
      headers: new Headers(),
      body: '',
      kind: 'other',
      stopped: true,
      chain,
      cookies: this.jar.all(url),
    }
  }
}

/** The submission a self-submitting page makes (`getElementById(id).submit()`). */
function autoSubmission(body: string, url: URL): Submission | undefined {
  const script = AUTO_SUBMIT.exec(body)
  if (!script) return undefined
  const forms = formsOf({ body, url })
  const id = /getElementById\(\s*['"]([^'"]+)['"]\s*\)\s*\.submit\(\)/.exec(script[0])?.[1]
  const form = id ? forms.find((f) => f.id === id) : forms.find((f) => f.method === 'post')
  return form ? buildSubmission(form) : undefined
}

function absoluteUrl(url: string | URL): URL {
  try {
    return new URL(url)
  } catch (cause) {
    throw new EmulatorBrowserError('ERR_EMU_INVALID_OPTION', `not an absolute URL: ${url}`, {
      cause,
    })
  }
}
