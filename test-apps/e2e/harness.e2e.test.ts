import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newContext } from './support/browser.js'

// Proves the browser harness itself: Chromium starts, loads a page from a local server,
// runs its script and keeps cookies per context. Every other e2e test builds on this.
describe('browser harness', () => {
  let browser: Browser
  let server: Server
  let url: string

  beforeAll(async () => {
    browser = await launchChromium()
    server = createServer((req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8')
      if (req.url === '/set') res.setHeader('set-cookie', 'probe=1; Path=/; HttpOnly')
      res.end(`<!doctype html><title>probe</title><h1 id="h">cookie:${req.headers.cookie ?? 'none'}</h1>
        <script>document.title = 'ran ' + (1 + 1)</script>`)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
  })

  it('loads a local page, runs its script and keeps cookies per context', async () => {
    const first = await newContext(browser)
    const page = await first.newPage()
    await page.goto(`${url}/set`)
    expect(await page.title()).toBe('ran 2')
    await page.goto(`${url}/`)
    expect(await page.locator('#h').textContent()).toBe('cookie:probe=1')

    const second = await newContext(browser)
    const other = await second.newPage()
    await other.goto(`${url}/`)
    expect(await other.locator('#h').textContent()).toBe('cookie:none')
    await first.close()
    await second.close()
  })
})
