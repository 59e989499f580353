/**
 * The JSON every measured handler answers: the bare ones with the seeded user's values
 * written in, the guarded ones with the values of the session, so every variant sends
 * the same bytes and the ratio is the guard's own work.
 */
export interface Identity {
  user: string
  organizationId: string | null
}

/** What the bare handlers answer: alice of the emulator's demo seed, signed in to acme. */
export const SEEDED: Identity = { user: 'usr_alice', organizationId: 'org_acme' }
