/**
 * The contract of `#seal-crypto`, the primitive under `seal.ts`. Two modules implement
 * it with the same iron format (`Fe26.2*id*salt*iv*ciphertext*expiry*salt*mac~2`) and
 * package.json's `imports` map picks one per runtime: `seal-crypto-node.ts` (Node's
 * synchronous `node:crypto`) under the `node` condition, `seal-crypto-web.ts`
 * (`iron-session` on Web Crypto) everywhere else. Either opens the other's seals.
 */
import type { PasswordMap } from './secrets.js'

/** Which implementation `#seal-crypto` resolved to (tests assert Node gets its own). */
export type SealEngine = 'node-crypto' | 'web-crypto'

/** The secret a new seal is made with, and the id written into the seal for it. */
export interface SealPassword {
  readonly id: string
  readonly secret: string
}

/**
 * Seals `value` as JSON with `password`; the seal expires `ttlSeconds` from now (iron's
 * own expiry field, covered by the MAC). Returns the seal with iron-session's `~2`.
 */
export type SealIron = (
  value: object,
  password: SealPassword,
  ttlSeconds: number,
) => Promise<string>

/**
 * Opens a seal with whichever of `passwords` its id names. Resolves to the parsed JSON,
 * or to null or `{}` when it does not open; may throw on malformed input (the caller,
 * `unsealValue`, turns every failure into null).
 */
export type UnsealIron = (seal: string, passwords: Readonly<PasswordMap>) => Promise<unknown>
