// Seal/unseal with iron, secret validation and rotation: newest seals, all unseal, a
// removed secret stops opening; bad seals of every kind read as "no session", never throw.
import { describe, expect, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import { sealValue, unsealValue } from '../../src/session/seal.js'
import { derivePasswords, normalizeSecrets } from '../../src/session/secrets.js'

const OLD = 'old-secret-0123456789-0123456789-abcdef'
const NEW = 'new-secret-0123456789-0123456789-abcdef'
const OTHER = 'other-secret-012345678-0123456789-abcdef'

async function passwords(...secrets: string[]) {
  return derivePasswords(normalizeSecrets(secrets))
}

function configError(fn: () => unknown, fragment: string) {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(KitError)
    expect((err as KitError).code).toBe('ERR_KIT_CONFIG')
    expect((err as KitError).message).toContain(fragment)
    return
  }
  throw new Error('expected a configuration error')
}

describe('session secrets', () => {
  it('a secret under 32 characters is a start-up error naming session.secret', () => {
    configError(() => normalizeSecrets('short-secret'), 'session.secret must be at least 32')
  })

  it('names the offending entry of a secret list', () => {
    configError(() => normalizeSecrets([NEW, 'tiny']), 'session.secret[1]')
  })

  it('rejects a missing, empty, non-string or duplicated secret', () => {
    configError(() => normalizeSecrets(undefined), 'session.secret is required')
    configError(() => normalizeSecrets(''), 'session.secret is required')
    configError(() => normalizeSecrets([]), 'at least one secret')
    configError(() => normalizeSecrets([NEW, 42]), 'session.secret[1]')
    configError(() => normalizeSecrets([NEW, NEW]), 'same secret twice')
  })

  it('seals with the newest secret only', async () => {
    const pw = await passwords(NEW, OLD)
    expect(Object.values(pw.seal)).toEqual([NEW])
    expect(Object.values(pw.unseal).sort()).toEqual([NEW, OLD].sort())
  })
})

describe('seal / unseal', () => {
  it('round-trips a value', async () => {
    const pw = await passwords(NEW)
    const seal = await sealValue({ a: 1, b: 'two' }, pw, 600)
    expect(seal.startsWith('Fe26.2*')).toBe(true)
    expect(seal).not.toContain('two')
    expect(await unsealValue(seal, pw)).toEqual({ a: 1, b: 'two' })
  })

  it('rotation: a seal made with the old secret opens once a new secret is prepended', async () => {
    const seal = await sealValue({ user: 'alice' }, await passwords(OLD), 600)
    expect(await unsealValue(seal, await passwords(NEW, OLD))).toEqual({ user: 'alice' })
  })

  it('rotation: new seals use the new secret, so they open without the old one', async () => {
    const seal = await sealValue({ user: 'bob' }, await passwords(NEW, OLD), 600)
    expect(await unsealValue(seal, await passwords(NEW))).toEqual({ user: 'bob' })
    expect(await unsealValue(seal, await passwords(OLD))).toBeNull()
  })

  it('a secret removed from the list stops opening its seals', async () => {
    const seal = await sealValue({ user: 'alice' }, await passwords(OLD), 600)
    expect(await unsealValue(seal, await passwords(NEW))).toBeNull()
  })

  it('a wrong secret gives null', async () => {
    const seal = await sealValue({ user: 'alice' }, await passwords(NEW), 600)
    expect(await unsealValue(seal, await passwords(OTHER))).toBeNull()
  })

  it('tampered, truncated and garbage seals give null, never a throw', async () => {
    const pw = await passwords(NEW)
    const seal = await sealValue({ user: 'alice', admin: false }, pw, 600)
    const parts = seal.split('*')
    const body = parts[4]!
    parts[4] = (body[0] === 'A' ? 'B' : 'A') + body.slice(1)
    const cases = [
      parts.join('*'),
      seal.slice(0, seal.length - 10),
      seal.slice(0, 40),
      `${seal}x`,
      seal.replace(/\*/g, '**'),
      '',
      'garbage',
      'Fe26.2*',
      'Fe26.2*1*a*b*c*d*e*f~2',
      'Fe26.2*1*a*b*c*99999999999999999999*e*f~2',
      '%%%%',
      'x'.repeat(100_000),
    ]
    for (const value of cases) expect(await unsealValue(value, pw)).toBeNull()
  })

  it('a seal whose iron expiry has passed gives null', async () => {
    const pw = await passwords(NEW)
    const seal = await sealValue({ a: 1 }, pw, 1)
    // Rewrite the expiry field: the HMAC covers it, so this is also a tamper case.
    const parts = seal.split('*')
    parts[5] = String(Date.now() - 120_000)
    expect(await unsealValue(parts.join('*'), pw)).toBeNull()
  })
})
