/** Stable codes of {@link EmulatorBrowserError}, so tests can `switch (err.code)`. */
export type EmulatorBrowserErrorCode =
  | 'ERR_EMU_TOO_MANY_REDIRECTS'
  | 'ERR_EMU_REQUEST_FAILED'
  | 'ERR_EMU_BUTTON_NOT_FOUND'
  | 'ERR_EMU_BUTTON_AMBIGUOUS'
  | 'ERR_EMU_FIELD_NOT_FOUND'
  | 'ERR_EMU_UNEXPECTED_PAGE'
  | 'ERR_EMU_SIGN_IN_FAILED'
  | 'ERR_EMU_SIGN_OUT_FAILED'
  | 'ERR_EMU_NO_LOGIN_CODE'
  | 'ERR_EMU_AUTHORIZE_FAILED'
  | 'ERR_EMU_INVALID_OPTION'

/** Where a failing step was, for the error message and for assertions. */
export interface ErrorPageInfo {
  url: string
  status: number
  /** The start of the page body (enough to see the emulator's error banner). */
  excerpt: string
}

/**
 * The one error type of `@kit/emulator/testing`. A test that drives a login learns
 * *why* it stopped (no such button, the emulator showed an error banner, a redirect
 * loop) from `code` and the page it was on, instead of a bare `TypeError` later.
 *
 * @example
 * try { await browser.signIn({ startUrl, email: 'nobody@acme.test' }) }
 * catch (e) { if (e instanceof EmulatorBrowserError && e.code === 'ERR_EMU_BUTTON_NOT_FOUND') ... }
 */
export class EmulatorBrowserError extends Error {
  /** Stable machine-readable reason. */
  readonly code: EmulatorBrowserErrorCode
  /** The page the browser was on, when there was one. */
  readonly page?: ErrorPageInfo

  constructor(
    code: EmulatorBrowserErrorCode,
    message: string,
    options: { page?: { url: URL | string; status: number; body: string }; cause?: unknown } = {},
  ) {
    const page = options.page
      ? {
          url: String(options.page.url),
          status: options.page.status,
          excerpt: options.page.body.slice(0, 600),
        }
      : undefined
    super(page ? `${message} (at ${page.url}, status ${page.status})` : message, {
      cause: options.cause,
    })
    this.name = 'EmulatorBrowserError'
    this.code = code
    if (page) this.page = page
  }
}
