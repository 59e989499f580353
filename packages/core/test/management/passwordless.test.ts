import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { KitApiBadRequestError } from '../../src/management/index.js'
import { type ManagementFixture, startManagementFixture } from './support/emulator.js'

let f: ManagementFixture
beforeAll(async () => {
  f = await startManagementFixture()
})
afterAll(async () => {
  await f?.emu.stop()
})

function lastMail(to: string) {
  const mail = f.emu.mailbox(to)[0]
  if (!mail) throw new Error(`no mail for ${to}`)
  return mail
}

describe('passwordless', () => {
  it('sends a code, rejects a wrong one and verifies the right one', async () => {
    const sent = await f.kit.passwordless.sendPasswordlessEmail('dana@initech.test', {
      template: 'SIGNIN',
      state: 'st-1',
      expiresIn: 600,
    })
    expect(sent.authRequestId).toBeTruthy()
    expect(sent.expiresIn).toBe(600)
    expect(sent.passwordlessType).toBe('OTP')
    expect(sent.expiresAt).toBeGreaterThan(Date.now() / 1000)

    const code = String(lastMail('dana@initech.test').data?.code)
    expect(code).toMatch(/^\w+$/)

    await expect(
      f.kit.passwordless.verifyPasswordlessEmail({
        code: 'not-it',
        authRequestId: sent.authRequestId,
      }),
    ).rejects.toBeInstanceOf(KitApiBadRequestError)

    const verified = await f.kit.passwordless.verifyPasswordlessEmail({
      code,
      authRequestId: sent.authRequestId,
    })
    expect(verified.email).toBe('dana@initech.test')
    expect(verified.state).toBe('st-1')
  })

  it('sends a magic link and verifies its token', async () => {
    const sent = await f.kit.passwordless.sendPasswordlessEmail('erin@initech.test', {
      magiclinkAuthUri: 'https://app.example.test/passwordless/verify',
      templateVariables: { appName: 'Initech' },
    })
    expect(sent.passwordlessType).toBe('LINK_OTP')
    const link = new URL(String(lastMail('erin@initech.test').data?.link))
    expect(link.origin + link.pathname).toBe('https://app.example.test/passwordless/verify')
    const linkToken = link.searchParams.get('link_token')
    expect(linkToken).toBeTruthy()
    const verified = await f.kit.passwordless.verifyPasswordlessEmail({ linkToken: linkToken! })
    expect(verified.email).toBe('erin@initech.test')
  })

  it('resends the email of an auth request', async () => {
    const sent = await f.kit.passwordless.sendPasswordlessEmail('frank@initech.test')
    const before = f.emu.mailbox('frank@initech.test').length
    const again = await f.kit.passwordless.resendPasswordlessEmail(sent.authRequestId)
    expect(again.authRequestId).toBe(sent.authRequestId)
    expect(f.emu.mailbox('frank@initech.test').length).toBe(before + 1)
  })

  it('refuses a verify call with neither code nor link token before sending it', async () => {
    const before = f.apiRequests()
    const err = await f.kit.passwordless.verifyPasswordlessEmail({}).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitError)
    expect((err as KitError).code).toBe('ERR_KIT_CONFIG')
    expect(f.apiRequests()).toBe(before)
  })
})
