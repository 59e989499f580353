import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import type { Db } from '../store/db.js'

/** A private signing JWK as oidc-provider takes it (`kid`, `alg`, `use` set). */
export type SigningJwk = JWK & { kid: string; alg: string; use: 'sig' }

interface KeyRow {
  kid: string
  alg: string
  private_jwk: string
  status: string
}

const ALGS = ['RS256', 'ES256'] as const

/**
 * Loads the signing keys, generating the first RS256 + ES256 pair when the database
 * has none. Active keys come first (newest first), so oidc-provider signs with them;
 * retired keys follow and stay published for verification.
 */
export async function loadSigningKeys(db: Db): Promise<SigningJwk[]> {
  const count = (
    db.prepare(`SELECT COUNT(*) AS n FROM signing_keys WHERE status = 'active'`).get() as {
      n: number
    }
  ).n
  if (count === 0) await addActiveKeys(db)
  return readKeys(db)
}

/** Retires the active keys and adds a new active RS256 + ES256 pair. */
export async function rotateSigningKeys(db: Db): Promise<SigningJwk[]> {
  const fresh = await generatePair()
  db.transaction(() => {
    db.prepare(`UPDATE signing_keys SET status = 'retired' WHERE status = 'active'`).run()
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
  const row = db
    .prepare(
      `SELECT group_concat(kid || ':' || status, ',') AS f FROM (SELECT kid, status FROM signing_keys ORDER BY kid)`,
    )
    .get() as { f: string | null }
  return row.f ?? ''
}

/** Writes keys back after a data reset emptied the table (tokens in flight stay valid). */
export function restoreSigningKeys(db: Db, keys: SigningJwk[], activeKids: Set<string>): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO signing_keys (kid, alg, private_jwk, status, create_time) VALUES (?, ?, ?, ?, ?)',
  )
  const now = new Date().toISOString()
  db.transaction(() => {
    for (const key of keys)
      insert.run(
        key.kid,
        key.alg,
        JSON.stringify(key),
        activeKids.has(key.kid) ? 'active' : 'retired',
        now,
      )
  })()
}

/** Kids of the active keys in a freshly read list. */
export function activeKidsOf(db: Db): Set<string> {
  return new Set(
    (
      db.prepare(`SELECT kid FROM signing_keys WHERE status = 'active'`).all() as { kid: string }[]
    ).map((r) => r.kid),
  )
}

function readKeys(db: Db): SigningJwk[] {
  const rows = db
    .prepare(
      `SELECT kid, alg, private_jwk, status FROM signing_keys
       ORDER BY CASE status WHEN 'active' THEN 0 ELSE 1 END, create_time DESC, rowid DESC`,
    )
    .all() as KeyRow[]
  return rows.map((row) => ({
    ...(JSON.parse(row.private_jwk) as JWK),
    kid: row.kid,
    alg: row.alg,
    use: 'sig',
  }))
}

async function addActiveKeys(db: Db): Promise<void> {
  const pair = await generatePair()
  db.transaction(() => {
    const again = (
      db.prepare(`SELECT COUNT(*) AS n FROM signing_keys WHERE status = 'active'`).get() as {
        n: number
      }
    ).n
    if (again === 0) insertKeys(db, pair)
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
  const insert = db.prepare(
    `INSERT INTO signing_keys (kid, alg, private_jwk, status, create_time) VALUES (?, ?, ?, 'active', ?)`,
  )
  const now = new Date().toISOString()
  for (const key of keys) insert.run(key.kid, key.alg, JSON.stringify(key), now)
}

/** Cookie signing keys for oidc-provider, generated once and kept in `settings`. */
export function loadCookieKeys(db: Db): string[] {
  const row = db.prepare(`SELECT value FROM settings WHERE key = 'oidc_cookie_keys'`).get() as
    | { value: string }
    | undefined
  if (row) return JSON.parse(row.value) as string[]
  const keys = [randomBytes(32).toString('base64url')]
  db.prepare(`INSERT OR IGNORE INTO settings (key, value) VALUES ('oidc_cookie_keys', ?)`).run(
    JSON.stringify(keys),
  )
  return loadCookieKeys(db)
}
