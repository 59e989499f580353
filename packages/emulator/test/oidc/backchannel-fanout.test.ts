// One client serving several local apps (the demo client serves every example app):
// its `backchannel_logout_uris` receive a logout token too, each with its own jti, on a
// revocation and on a sign-out at the emulator; one receiver that is down stops nobody.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { DEFAULT_CLIENTS } from '../../src/seed/default-seed.js'
import { start, stopAll } from '../support/emulators.js'
import { loginAndExchange } from '../support/logins.js'
import { type Received, type Receiver, startReceiver } from '../support/receiver.js'

/** An address nothing listens on. */
async function closedUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return `http://127.0.0.1:${port}/auth/backchannel-logout`
}

describe('back-channel logout to every URI of a client', () => {
  let emu: EmulatorHandle
  let first: Receiver
  let second: Receiver
  beforeAll(async () => {
    emu = await start()
    first = await startReceiver({ statuses: [200], path: '/auth/backchannel-logout' })
    second = await startReceiver({ statuses: [200], path: '/auth/backchannel-logout' })
    emu.ctx.db
      .prepare(
        `UPDATE clients SET data = json_set(data, '$.backchannel_logout_uri', ?, '$.backchannel_logout_uris', json(?)) WHERE client_id = ?`,
      )
      .run(first.url, JSON.stringify([await closedUrl(), second.url]), emu.clientId)
  })
  beforeEach(() => {
    first.received.length = 0
    second.received.length = 0
  })
  afterAll(async () => {
    await stopAll()
    await first?.close()
    await second?.close()
  })

  async function claimsOf(post: Received | undefined) {
    const token = String(new URLSearchParams(post?.body).get('logout_token'))
    expect(decodeProtectedHeader(token).typ).toBe('logout+jwt')
    const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${emu.url}/keys`)), {
      issuer: emu.url,
      audience: emu.clientId,
    })
    return payload
  }

  it('a revoked session is announced to each URI (own jti), past one that is down', async () => {
    const tokens = await loginAndExchange(emu, { email: 'alice@acme.test' })
    await emu.ctx.oidc.revokeSession(String(tokens.id.sid))
    const [a] = await first.waitFor(1)
    const [b] = await second.waitFor(1)
    const claimsA = await claimsOf(a)
    const claimsB = await claimsOf(b)
    for (const claims of [claimsA, claimsB]) {
      expect(claims).toMatchObject({ sub: 'usr_alice', sid: tokens.id.sid })
    }
    expect(claimsA.jti).not.toBe(claimsB.jti)
  })

  it('signing out at the emulator (RP-initiated logout) reaches each URI too', async () => {
    const tokens = await loginAndExchange(emu, { email: 'bob@acme.test' })
    const url = `${emu.url}/oidc/logout?${new URLSearchParams({
      client_id: emu.clientId,
      post_logout_redirect_uri: 'http://localhost:3000/',
    })}`
    expect((await tokens.browser.get(url)).stopped).toBe(true)
    expect(await claimsOf((await first.waitFor(1))[0])).toMatchObject({ sid: tokens.id.sid })
    expect(await claimsOf((await second.waitFor(1))[0])).toMatchObject({ sid: tokens.id.sid })
  })

  it('the demo client names the example apps’ back-channel routes (Express, Fastify, Next)', () => {
    const demo = DEFAULT_CLIENTS[0]!
    expect([demo.backchannel_logout_uri, ...(demo.backchannel_logout_uris ?? [])]).toEqual([
      'http://localhost:3000/auth/backchannel-logout',
      'http://localhost:3001/auth/backchannel-logout',
      'http://localhost:3002/auth/backchannel-logout',
    ])
  })
})
