import type { SessionRevocationStore } from '../../../src/http/index.js'

/** A shared revocation store like an app would back with Redis, kept in a Map. */
export function createMemoryRevocationStoreForTests(): SessionRevocationStore & {
  revoked: Map<string, number>
} {
  const revoked = new Map<string, number>()
  return {
    revoked,
    isRevoked: (sid) => (revoked.get(sid) ?? 0) > Date.now() / 1000,
    revoke: (sid, until) => {
      revoked.set(sid, until)
    },
  }
}
