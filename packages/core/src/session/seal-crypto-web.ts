/**
 * `#seal-crypto` on every runtime but Node (edge, workers, browsers, Deno without the
 * `node` condition): iron-session's `sealData` / `unsealData` on Web Crypto, the
 * reference implementation of the format that `seal-crypto-node.ts` must match.
 */
import { sealData, unsealData } from 'iron-session'
import type { SealEngine, SealIron, UnsealIron } from './seal-crypto.js'

/** This module is the Web Crypto implementation. */
export const SEAL_ENGINE: SealEngine = 'web-crypto'

/** {@inheritDoc SealIron} */
export const sealIron: SealIron = (value, password, ttlSeconds) =>
  sealData(value, { password: { [password.id]: password.secret }, ttl: ttlSeconds })

/** {@inheritDoc UnsealIron} */
export const unsealIron: UnsealIron = (seal, passwords) =>
  // ttl 0: unsealing never looks at it; the expiry written into the seal is enforced.
  unsealData<object>(seal, { password: passwords, ttl: 0 })
