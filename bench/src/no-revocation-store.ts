import type { SessionRevocationStore } from '@kit/core'

/**
 * The baseline of the revocation benchmark: a store that never finds a revocation, so
 * the check costs a function call and nothing else ("no store").
 */
export const noRevocationStore: SessionRevocationStore = {
  isRevoked: () => false,
  peekRevoked: () => false,
  revoke: () => {},
}
