import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { Db } from '../store/db.js'
import { getSetting, setSettingIfAbsent } from '../store/settings.js'
import {
  countActiveSigningKeys,
  insertSigningKeyRow,
  listActiveSigningKeyIds,
  listSigningKeyRows,
  retireActiveSigningKeys,
  signingKeyFingerprint,
} from '../store/signing-keys.js'

/** A private signing JWK as oidc-provider takes it (`kid`, `alg`, `use` set). */
export type SigningJwk = JWK & { kid: string; alg: string; use: 'sig' }

const ALGS = ['RS256', 'ES256'] as const

/**
 * Loads the signing keys, generating the first RS256 + ES256 pair when the database
 * has none. Active keys come first (newest first), so oidc-provider signs with them;
 * retired keys follow and stay published for verification.
 */
export async function loadSigningKeys(db: Db): Promise<SigningJwk[]> {
  if (countActiveSigningKeys(db) === 0) await addActiveKeys(db)
  return readKeys(db)
}

/** Retires the active keys and adds a new active RS256 + ES256 pair. */
export async function rotateSigningKeys(db: Db): Promise<SigningJwk[]> {
  const fresh = await generatePair()
  db.transaction(() => {
    retireActiveSigningKeys(db)
    insertKeys(db, fresh)
  })()
  return readKeys(db)
}

/** Public halves of every key (active and retired), for `/keys` and token verification. */
export function publicJwks(keys: SigningJwk[]): { keys: JWK[] } {
  return {
    keys: keys.map(({ d, p, q, dp, dq, qi, ...pub }) => pub),
  }
}

/**
 * A cheap fingerprint of the stored key set (kids and statuses). The OIDC module
 * compares it per request to notice data resets and imports done by the test controls.
 */
export function keySetFingerprint(db: Db): string {
  return signingKeyFingerprint(db)
}

/** Writes keys back after a data reset emptied the table (tokens in flight stay valid). */
export function restoreSigningKeys(db: Db, keys: SigningJwk[], activeKids: Set<string>): void {
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const key of keys)
      insertSigningKeyRow(
        db,
        {
          kid: key.kid,
          alg: key.alg,
          private_jwk: JSON.stringify(key),
          status: activeKids.has(key.kid) ? 'active' : 'retired',
        },
        now,
        'ignore',
      )
  })()
}

/** Kids of the active keys in a freshly read list. */
export function activeKidsOf(db: Db): Set<string> {
  return new Set(listActiveSigningKeyIds(db))
}

function readKeys(db: Db): SigningJwk[] {
  return listSigningKeyRows(db).map((row) => ({
    ...(JSON.parse(row.private_jwk) as JWK),
    kid: row.kid,
    alg: row.alg,
    use: 'sig',
  }))
}

async function addActiveKeys(db: Db): Promise<void> {
  const pair = await generatePair()
  db.transaction(() => {
    if (countActiveSigningKeys(db) === 0) insertKeys(db, pair)
  })()
}

async function generatePair(): Promise<SigningJwk[]> {
  return Promise.all(
    ALGS.map(async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true })
      const jwk = await exportJWK(privateKey)
      const kid = `${alg.toLowerCase()}-${randomBytes(8).toString('hex')}`
      return { ...jwk, kid, alg, use: 'sig' as const }
    }),
  )
}

function insertKeys(db: Db, keys: SigningJwk[]): void {
  const now = new Date().toISOString()
  for (const key of keys)
    insertSigningKeyRow(
      db,
      { kid: key.kid, alg: key.alg, private_jwk: JSON.stringify(key), status: 'active' },
      now,
    )
}

/** Cookie signing keys for oidc-provider, generated once and kept in `settings`. */
export function loadCookieKeys(db: Db): string[] {
  const stored = getSetting(db, 'oidc_cookie_keys')
  if (stored) return JSON.parse(stored) as string[]
  const keys = [randomBytes(32).toString('base64url')]
  setSettingIfAbsent(db, 'oidc_cookie_keys', JSON.stringify(keys))
  return loadCookieKeys(db)
}
