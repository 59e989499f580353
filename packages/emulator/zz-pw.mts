import { chromium } from 'playwright-core'
import { startEmulator } from './src/index.ts'
import { pkce } from './test/oidc/support/login-driver.ts'
import { createServer } from 'node:http'

const emu = await startEmulator({ port: 0, dbPath: ':memory:' })
const app = createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('callback ' + req.url) })
await new Promise<void>((r) => app.listen(3000, '127.0.0.1', r))
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const atApp = (u: URL) => u.port === '3000'
try {
  const page = await browser.newPage()
  const { challenge } = pkce()
  const url = `${emu.url}/oauth/authorize?client_id=${emu.clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/auth/callback')}&code_challenge=${challenge}&code_challenge_method=S256&state=abc`
  await page.goto(url)
  await page.getByLabel('Email').fill('carol@globex.test')
  await page.getByRole('button', { name: 'Continue', exact: true }).click()
  await page.getByLabel('Code').waitFor()
  const code = String(emu.mailbox('carol@globex.test')[0]?.data.code)
  await page.getByLabel('Code').fill(code)
  await page.getByRole('button', { name: 'Verify' }).click()
  await page.waitForURL(atApp)
  console.log('landed', page.url().slice(0, 80))
  page.on('response', (r) => console.log(r.status(), r.request().method(), r.url().slice(0, 90)))
  page.on('console', (m) => console.log('console', m.text()))
  await page.goto(url.replace('state=abc', 'state=def') + '&prompt=login')
  await page.getByRole('button', { name: 'Sign in as alice@acme.test' }).click()
  await page.waitForTimeout(2000)
  console.log(page.url(), (await page.content()).replace(/[\s\S]*<main>/, '').slice(0, 600))
  await page.waitForURL(atApp)
  console.log('landed2', page.url().slice(0, 80))
  await page.goto(`${emu.url}/oidc/logout?client_id=${emu.clientId}&post_logout_redirect_uri=${encodeURIComponent('http://127.0.0.1:3000/')}`)
  await page.waitForURL(atApp)
  console.log('logged out', page.url())
  await page.goto(url.replace('state=abc', 'state=sso') + '&domain_hint=acme.test')
  await page.getByLabel('Email').fill('bob@acme.test')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await page.waitForURL(atApp)
  console.log('sso', page.url().slice(0, 80))
} finally {
  await browser.close(); app.close(); await emu.stop()
}
