/**
 * The setup every browser test file repeats, once: Chromium and the file's stack started
 * side by side before the tests, both closed after them, and a fresh context (own
 * cookies, like a new private window) per test, closed after it.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchChromium, newContext } from './browser.js'

/** A new private window of a test, and the stack it drives. */
export interface FreshWindow<S> {
  stack: S
  context: BrowserContext
  page: Page
}

/** What {@link useBrowserStack} gives the tests of its file. */
export interface BrowserStack<S> {
  /** The running stack (valid inside tests). */
  readonly stack: S
  readonly browser: Browser
  /** Opens a new private window for this test; it is closed after the test. */
  fresh(): Promise<FreshWindow<S>>
}

/** Options of {@link useBrowserStack}. */
export interface BrowserStackOptions {
  /** How long starting may take (`NEXT_BUILD_TIMEOUT_MS` when it builds a Next.js app). */
  startTimeoutMs?: number
}

/**
 * Registers the hooks of a browser test file (call it inside `describe`): Chromium and
 * `start()` in `beforeAll`, a closed context after each test, and both closed in `afterAll`.
 */
export function useBrowserStack<S extends { close(): Promise<void> }>(
  start: () => Promise<S>,
  options: BrowserStackOptions = {},
): BrowserStack<S> {
  let browser: Browser | undefined
  let stack: S | undefined
  let context: BrowserContext | undefined

  beforeAll(async () => {
    ;[browser, stack] = await Promise.all([launchChromium(), start()])
  }, options.startTimeoutMs)
  afterEach(async () => {
    await context?.close()
    context = undefined
  })
  afterAll(async () => {
    await browser?.close()
    await stack?.close()
  })

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started: use it inside a test`)
    return value
  }
  return {
    get stack() {
      return started(stack, 'the stack')
    },
    get browser() {
      return started(browser, 'Chromium')
    },
    async fresh() {
      context = await newContext(started(browser, 'Chromium'))
      const page = await context.newPage()
      return { stack: started(stack, 'the stack'), context, page }
    },
  }
}
