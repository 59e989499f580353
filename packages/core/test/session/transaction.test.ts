// Login transaction cookies: one per state, bound to that state, 10 minutes, bounded count.
import { describe, expect, it } from 'vitest'
import { readCookies } from '../../src/session/cookies.js'
import { derivePasswords } from '../../src/session/secrets.js'
import { type LoginTransaction, TransactionCookies } from '../../src/session/transaction.js'

const SECRET = 'transaction-secret-0123456789-abcdefghijk'
const passwords = () => derivePasswords([SECRET])
const T0 = 1_800_000_000

function txn(state: string, overrides: Partial<LoginTransaction> = {}): LoginTransaction {
  return {
    v: 1,
    kind: 'txn',
    state,
    codeVerifier: 'v'.repeat(43),
    nonce: 'n',
    returnTo: '/',
    createdAt: T0,
    ...overrides,
  }
}

function cookiesOf(headers: string[]) {
  return readCookies(
    headers
      .filter((h) => !/Max-Age=0/i.test(h))
      .map((h) => h.split(';')[0])
      .join('; '),
  )
}

const STATE_A = 'AAAAAAAAAAAAAAAAAAAAAA'
const STATE_B = 'BBBBBBBBBBBBBBBBBBBBBB'

describe('TransactionCookies', () => {
  it('stores a transaction under kit_txn.<state> (10 min, HttpOnly, Lax, Path=/)', async () => {
    const t = new TransactionCookies(passwords, { secure: false })
    const [header] = await t.create(txn(STATE_A), readCookies(''))
    expect(header).toMatch(new RegExp(`^kit_txn\\.${STATE_A}=`))
    expect(header).toMatch(/Max-Age=600/)
    expect(header).toMatch(/HttpOnly/i)
    expect(header).toMatch(/SameSite=Lax/i)
    expect(header).toMatch(/Path=\//)
    const back = await t.read(STATE_A, cookiesOf([header!]), T0 + 1)
    expect(back?.codeVerifier).toBe('v'.repeat(43))
  })

  it('is __Host- prefixed and Secure on https', async () => {
    const t = new TransactionCookies(passwords, { secure: true })
    const [header] = await t.create(txn(STATE_A), readCookies(''))
    expect(header).toMatch(new RegExp(`^__Host-kit_txn\\.${STATE_A}=.*; Secure`, 'i'))
  })

  it('expires after 10 minutes', async () => {
    const t = new TransactionCookies(passwords, { secure: false })
    const cookies = cookiesOf(await t.create(txn(STATE_A), readCookies('')))
    expect(await t.read(STATE_A, cookies, T0 + 599)).not.toBeNull()
    expect(await t.read(STATE_A, cookies, T0 + 600)).toBeNull()
  })

  it('a transaction copied under another state name does not count', async () => {
    const t = new TransactionCookies(passwords, { secure: false })
    const [header] = await t.create(txn(STATE_A), readCookies(''))
    const value = header!.split(';')[0]!.split('=')[1]
    expect(await t.read(STATE_B, readCookies(`kit_txn.${STATE_B}=${value}`), T0)).toBeNull()
  })

  it('rejects malformed states before any lookup', async () => {
    const t = new TransactionCookies(passwords, { secure: false })
    for (const state of ['', 'short', 'a b c d e f g h i j k l m', `${STATE_A};x=1`, '../../etc']) {
      expect(await t.read(state, readCookies(`kit_txn.${state}=x`), T0)).toBeNull()
    }
  })

  it('keeps at most five pending attempts, clearing the oldest', async () => {
    const t = new TransactionCookies(passwords, { secure: false })
    const existing = readCookies(
      ['1', '2', '3', '4', '5', '6'].map((n) => `kit_txn.${n.repeat(22)}=x`).join('; '),
    )
    const headers = await t.create(txn(STATE_A), existing)
    const cleared = headers.filter((h) => /Max-Age=0/.test(h)).map((h) => h.split('=')[0])
    expect(cleared).toEqual(['kit_txn.' + '1'.repeat(22), 'kit_txn.' + '2'.repeat(22)])
  })
})
