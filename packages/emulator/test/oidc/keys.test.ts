import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, describe, expect, it } from 'vitest'
import { start, stopAll } from '../support/emulators.js'
import { authorizeUrl, loginAndExchange, refresh } from '../support/logins.js'

const keysOf = async (url: string) =>
  ((await (await fetch(`${url}/keys`)).json()) as { keys: Record<string, unknown>[] }).keys

describe('signing keys', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kit-oidc-keys-'))
  afterAll(async () => {
    await stopAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('publishes RS256 and ES256 public keys only', async () => {
    const emu = await start()
    const keys = await keysOf(emu.url)
    expect(keys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256'])
    for (const key of keys) {
      expect(key.use).toBe('sig')
      expect(key.d).toBeUndefined()
      expect(key.p).toBeUndefined()
    }
  })

  it('rotation adds a new signing key; old tokens still verify through /keys', async () => {
    const emu = await start()
    const before = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const oldKid = decodeProtectedHeader(before.accessToken).kid
    await emu.rotateKeys()
    const keys = await keysOf(emu.url)
    expect(keys).toHaveLength(4)
    const after = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const newKid = decodeProtectedHeader(after.accessToken).kid
    expect(newKid).not.toBe(oldKid)
    expect(decodeProtectedHeader(after.idToken).kid).toBe(newKid)
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/keys`))
    await expect(jwtVerify(before.accessToken, jwks, { issuer: emu.url })).resolves.toBeTruthy()
    await expect(jwtVerify(before.idToken, jwks, { issuer: emu.url })).resolves.toBeTruthy()
    expect(await emu.ctx.oidc.verifyAccessToken(before.accessToken)).toMatchObject({
      sub: 'usr_alice',
    })
    // sessions and refresh tokens survive the rebuilt provider
    const r = await refresh(emu, before.refreshToken)
    expect(r.status).toBe(200)
    expect(decodeProtectedHeader(String(r.body.access_token)).kid).toBe(newKid)
  })

  it('keeps signing keys through a data reset', async () => {
    const emu = await start()
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    const kids = (await keysOf(emu.url)).map((k) => k.kid).sort()
    await emu.reset()
    expect((await keysOf(emu.url)).map((k) => k.kid).sort()).toEqual(kids)
    const stored = emu.ctx.db.prepare('SELECT kid FROM signing_keys ORDER BY kid').all() as {
      kid: string
    }[]
    expect(stored.map((r) => r.kid)).toEqual(kids)
    const jwks = createRemoteJWKSet(new URL(`${emu.url}/keys`))
    await expect(jwtVerify(tokens.accessToken, jwks, { issuer: emu.url })).resolves.toBeTruthy()

    // a key table emptied behind the module's back gets the keys in use written back
    emu.ctx.db.prepare('DELETE FROM signing_keys').run()
    expect((await keysOf(emu.url)).map((k) => k.kid).sort()).toEqual(kids)
    const restored = emu.ctx.db.prepare('SELECT kid FROM signing_keys ORDER BY kid').all() as {
      kid: string
    }[]
    expect(restored.map((r) => r.kid)).toEqual(kids)
    const after = await loginAndExchange(emu, { email: 'bob@acme.test' })
    expect(kids).toContain(decodeProtectedHeader(after.accessToken).kid)
  })

  it('keeps keys, sessions and refresh tokens across a restart with a file database', async () => {
    const dbPath = join(dir, 'emulator.sqlite')
    const first = await start({ dbPath })
    const port = Number(new URL(first.url).port)
    const tokens = await loginAndExchange(first, { email: 'alice@acme.test' })
    const kids = (await keysOf(first.url)).map((k) => k.kid).sort()
    await first.stop()
    // let the client's keep-alive pool notice the closed sockets before reusing the origin
    await new Promise((resolve) => setTimeout(resolve, 100))

    const second = await start({ port, dbPath })
    expect(second.url).toBe(first.url)
    expect((await keysOf(second.url)).map((k) => k.kid).sort()).toEqual(kids)
    expect(await second.ctx.oidc.verifyAccessToken(tokens.accessToken)).toMatchObject({
      sub: 'usr_alice',
      oid: 'org_acme',
    })
    const r = await refresh(second, tokens.refreshToken)
    expect(r.status).toBe(200)
    expect(decodeJwt(String(r.body.access_token))).toMatchObject({
      sub: 'usr_alice',
      oid: 'org_acme',
      sid: tokens.id.sid,
    })
    // the browser session at the emulator survives too: no login page on the next authorize
    const landing = await tokens.browser.get((await authorizeUrl(second)).href)
    expect(landing.stopped).toBe(true)
    expect(landing.url.searchParams.get('code')).toBeTruthy()
  })
})
