/**
 * Counts the refresh grants an emulator has answered, to prove "one refresh" claims at the
 * source. With rotating refresh tokens each grant consumes the refresh token it
 * presented, which the emulator's OIDC store marks (`oidc_models.consumed`).
 */
import type { EmulatorHandle } from '@kit/emulator'

/** Refresh grants `emulator` has answered so far. */
export function refreshGrants(emulator: EmulatorHandle): number {
  const row = emulator.ctx.db
    .prepare(
      "SELECT COUNT(*) AS n FROM oidc_models WHERE model = 'RefreshToken' AND consumed IS NOT NULL",
    )
    .get() as { n: number }
  return row.n
}
