/**
 * Launches Debian's Chromium through playwright-core. The suite never downloads a
 * browser: `/usr/bin/chromium` comes from the system package (CI installs it), and
 * CHROMIUM_PATH can point elsewhere on a developer machine.
 */
import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'

/** Path of the Chromium binary the browser suites drive. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/**
 * Starts a headless Chromium with the flags CI uses (no sandbox as root, no GPU, no
 * background traffic). Fails with a clear message when the binary is missing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) ` +
        'or set CHROMIUM_PATH. The browser suites never download browsers.',
    )
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

/**
 * A fresh browser context (own cookies, like a new private window) with short default
 * timeouts, so a broken flow fails fast with the step that hung.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } })
  context.setDefaultTimeout(10_000)
  context.setDefaultNavigationTimeout(15_000)
  return context
}
