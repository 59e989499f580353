// Security checklist, "Webhooks" (verification cases). Duplicate-id suppression is the
// route engine's job and is tested there.
import { describe, expect, it } from 'vitest'
import { KitClient, KitError, verifyWebhook, verifyWebhookPayload } from '../../src/index.js'
import { signWebhookPayload } from '../../src/webhooks/sign.js'
import { expectKitError } from '../support/kit-for-idp.js'

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek'
const TS = 1614265330
const BODY = '{"test": 2432232314}'
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE='
const AT = { now: TS * 1000 }

function headers(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const all: Record<string, string | undefined> = {
    'webhook-id': ID,
    'webhook-timestamp': String(TS),
    'webhook-signature': SIGNATURE,
    ...overrides,
  }
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >
}

describe('known-answer vector', () => {
  it('signWebhookPayload produces the Standard Webhooks signature', async () => {
    expect(await signWebhookPayload(SECRET, { id: ID, timestamp: TS, payload: BODY })).toBe(
      SIGNATURE,
    )
    expect(
      await signWebhookPayload(SECRET, { id: ID, timestamp: new Date(TS * 1000), payload: BODY }),
    ).toBe(SIGNATURE)
  })

  it('verifyWebhook accepts it and returns the parsed event (string and bytes)', async () => {
    expect(await verifyWebhook(SECRET, headers(), BODY, AT)).toEqual({ test: 2432232314 })
    const bytes = new TextEncoder().encode(BODY)
    expect(await verifyWebhook(SECRET, headers(), bytes, AT)).toEqual({ test: 2432232314 })
    expect(await verifyWebhookPayload(SECRET, headers(), BODY, AT)).toBe(true)
  })

  it('KitClient exposes the same verification', async () => {
    const kit = new KitClient({
      environmentUrl: 'http://127.0.0.1:1',
      clientId: 'c',
      clientSecret: 's',
    })
    expect(await kit.verifyWebhookPayload(SECRET, headers(), BODY, AT)).toBe(true)
    expect(await kit.verifyWebhook(SECRET, headers(), BODY, AT)).toEqual({ test: 2432232314 })
  })
})

describe('headers', () => {
  it('names are case-insensitive in plain objects, Headers and pair lists', async () => {
    const upper = Object.fromEntries(
      Object.entries(headers()).map(([k, v]) => [k.toUpperCase(), v]),
    )
    expect(await verifyWebhookPayload(SECRET, upper, BODY, AT)).toBe(true)
    expect(await verifyWebhookPayload(SECRET, new Headers(upper), BODY, AT)).toBe(true)
    expect(
      await verifyWebhookPayload(SECRET, Object.entries(upper) as [string, string][], BODY, AT),
    ).toBe(true)
  })

  for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
    it(`missing ${name} -> rejected`, async () => {
      const err = await expectKitError(
        verifyWebhook(SECRET, headers({ [name]: undefined }), BODY, AT),
        'ERR_KIT_WEBHOOK_HEADERS',
      )
      expect(err.message).toContain(name)
      expect(await verifyWebhookPayload(SECRET, headers({ [name]: undefined }), BODY, AT)).toBe(
        false,
      )
    })
  }

  it('conflicting duplicated ids are rejected', async () => {
    const list: [string, string][] = [...Object.entries(headers()), ['Webhook-Id', 'msg_other']]
    await expectKitError(verifyWebhook(SECRET, list, BODY, AT), 'ERR_KIT_WEBHOOK_HEADERS')
  })
})

describe('timestamps', () => {
  for (const bad of ['hello', '1614265330abc', '1614265330.5', '-1614265330', '']) {
    it(`"${bad}" -> rejected`, async () => {
      const code = bad === '' ? 'ERR_KIT_WEBHOOK_HEADERS' : 'ERR_KIT_WEBHOOK_TIMESTAMP'
      await expectKitError(
        verifyWebhook(SECRET, headers({ 'webhook-timestamp': bad }), BODY, AT),
        code,
      )
    })
  }

  it('more than 5 minutes away (either side) -> rejected; inside -> accepted', async () => {
    const sign = (ts: number) =>
      signWebhookPayload(SECRET, { id: ID, timestamp: ts, payload: BODY })
    for (const ts of [TS - 301, TS + 301]) {
      const h = headers({ 'webhook-timestamp': String(ts), 'webhook-signature': await sign(ts) })
      await expectKitError(verifyWebhook(SECRET, h, BODY, AT), 'ERR_KIT_WEBHOOK_TIMESTAMP')
    }
    for (const ts of [TS - 299, TS + 299]) {
      const h = headers({ 'webhook-timestamp': String(ts), 'webhook-signature': await sign(ts) })
      expect(await verifyWebhookPayload(SECRET, h, BODY, AT)).toBe(true)
    }
  })

  it('the tolerance is configurable and defaults to the current time', async () => {
    const h = headers()
    await expectKitError(verifyWebhook(SECRET, h, BODY), 'ERR_KIT_WEBHOOK_TIMESTAMP')
    expect(
      await verifyWebhookPayload(SECRET, h, BODY, {
        now: (TS + 1000) * 1000,
        toleranceSeconds: 1000,
      }),
    ).toBe(true)
  })
})

describe('signatures', () => {
  it('several signatures where one v1 matches -> accepted', async () => {
    const list = `v1,${btoa('x'.repeat(32))} v2,abc ${SIGNATURE} v1a,zzz`
    expect(
      await verifyWebhookPayload(SECRET, headers({ 'webhook-signature': list }), BODY, AT),
    ).toBe(true)
  })

  const rejectedLists: Array<[string, string]> = [
    ['only unknown versions', `v2,${SIGNATURE.slice(3)} v1a,${SIGNATURE.slice(3)}`],
    ['empty v1,', 'v1,'],
    ['truncated signature', SIGNATURE.slice(0, -6)],
    ['no version prefix', SIGNATURE.slice(3)],
  ]
  for (const [name, value] of rejectedLists) {
    it(`${name} -> rejected`, async () => {
      await expectKitError(
        verifyWebhook(SECRET, headers({ 'webhook-signature': value }), BODY, AT),
        'ERR_KIT_WEBHOOK_SIGNATURE',
      )
    })
  }

  it('a signature for another id or timestamp does not verify', async () => {
    await expectKitError(
      verifyWebhook(SECRET, headers({ 'webhook-id': 'msg_other' }), BODY, AT),
      'ERR_KIT_WEBHOOK_SIGNATURE',
    )
  })

  it('body re-serialised (whitespace changed) -> rejected', async () => {
    const reserialised = JSON.stringify(JSON.parse(BODY))
    expect(reserialised).not.toBe(BODY)
    await expectKitError(
      verifyWebhook(SECRET, headers(), reserialised, AT),
      'ERR_KIT_WEBHOOK_SIGNATURE',
    )
  })

  it('a valid signature over a body that is not a JSON object -> ERR_KIT_WEBHOOK_PAYLOAD', async () => {
    const body = '[1,2,3]'
    const sig = await signWebhookPayload(SECRET, { id: ID, timestamp: TS, payload: body })
    await expectKitError(
      verifyWebhook(SECRET, headers({ 'webhook-signature': sig }), body, AT),
      'ERR_KIT_WEBHOOK_PAYLOAD',
    )
  })
})

describe('secrets', () => {
  const bad: Array<[string, string]> = [
    ['empty', ''],
    ['whsec_ alone', 'whsec_'],
    ['not base64', 'whsec_not base64!!'],
    ['too short', `whsec_${btoa('short')}`],
  ]
  for (const [name, secret] of bad) {
    it(`${name} -> ERR_KIT_CONFIG (also from the boolean form)`, async () => {
      await expectKitError(verifyWebhook(secret, headers(), BODY, AT), 'ERR_KIT_CONFIG')
      await expectKitError(verifyWebhookPayload(secret, headers(), BODY, AT), 'ERR_KIT_CONFIG')
      await expect(
        signWebhookPayload(secret, { id: ID, timestamp: TS, payload: BODY }),
      ).rejects.toBeInstanceOf(KitError)
    })
  }

  it('a different valid secret does not verify', async () => {
    const other = `whsec_${btoa('0123456789abcdef0123456789abcdef')}`
    expect(await verifyWebhookPayload(other, headers(), BODY, AT)).toBe(false)
  })
})
