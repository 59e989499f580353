// The checks of `node scripts/demo.mjs --smoke`: every service answers the way a working
// demo does, and a change in the environment reaches both apps as a verified webhook.

/** Fetches `url` without following redirects; returns status, location and body text. */
async function get(url) {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(10_000) })
  return { status: res.status, location: res.headers.get('location') ?? '', body: await res.text() }
}

function pageChecks(urls) {
  return [
    ['emulator discovery', `${urls.emulator}/.well-known/openid-configuration`, 200, 'issuer'],
    ...['express', 'fastify'].flatMap((name) => [
      [`${name} home`, `${urls[name]}/`, 200, name === 'express' ? 'Express' : 'Fastify'],
      [`${name} /api/me signed out`, `${urls[name]}/api/me`, 401, 'unauthenticated'],
      [`${name} login redirect`, `${urls[name]}/auth/login`, 302, ''],
      [`${name} webhook events`, `${urls[name]}/webhooks/events`, 200, 'Webhook events'],
    ]),
  ]
}

async function checkPage(urls, [what, url, status, text]) {
  const res = await get(url)
  if (res.status !== status) return `${what}: status ${res.status}, expected ${status} (${url})`
  if (text && !res.body.includes(text)) return `${what}: body lacks "${text}" (${url})`
  if (status === 302 && !res.location.startsWith(`${urls.emulator}/`)) {
    return `${what}: redirects to "${res.location}", not the emulator`
  }
  return null
}

/**
 * Creates an organization through the emulator's management API (client_credentials
 * with the demo client) and waits until both apps list its `organization.created` event:
 * proves the webhook URLs and the shared signing secret are wired.
 */
async function checkWebhooks({ urls, clientId, clientSecret }) {
  if (!clientId || !clientSecret)
    return 'webhooks: the emulator did not print its client credentials'
  const token = await fetch(`${urls.emulator}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    }),
  })
  if (!token.ok) return `webhooks: token request failed with ${token.status}`
  const { access_token: accessToken } = await token.json()
  const name = `Smoke check ${Date.now()}`
  const created = await fetch(`${urls.emulator}/api/v1/organizations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ display_name: name }),
  })
  if (!created.ok) return `webhooks: creating an organization failed with ${created.status}`
  const { organization } = await created.json()
  const deadline = Date.now() + 15_000
  const missing = new Set(['express', 'fastify'])
  while (missing.size > 0 && Date.now() < deadline) {
    for (const app of missing) {
      const page = await get(`${urls[app]}/webhooks/events`)
      if (page.body.includes('organization.created') && page.body.includes(organization.id)) {
        missing.delete(app)
      }
    }
    if (missing.size > 0) await new Promise((r) => setTimeout(r, 250))
  }
  return missing.size
    ? `webhooks: ${[...missing].join(', ')} never listed ${organization.id}`
    : null
}

/**
 * Runs every check, printing one line each; resolves to the number that failed.
 *
 * @param {{ urls: Record<'emulator'|'express'|'fastify', string>, clientId?: string, clientSecret?: string }} opts
 */
export async function runSmokeChecks(opts) {
  const checks = [
    ...pageChecks(opts.urls).map((check) => [check[0], () => checkPage(opts.urls, check)]),
    ['webhooks reach both apps', () => checkWebhooks(opts)],
  ]
  let failed = 0
  for (const [what, run] of checks) {
    let problem
    try {
      problem = await run()
    } catch (err) {
      problem = `${what}: ${err.message}`
    }
    console.log(problem ? `FAIL ${problem}` : `ok   ${what}`)
    if (problem) failed++
  }
  return failed
}
