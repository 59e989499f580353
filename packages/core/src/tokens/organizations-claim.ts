/**
 * One organization the signed-in user may switch to (an entry of the `organizations`
 * claim). Frozen, like the list holding it.
 */
export interface AuthOrganization {
  /** The organization id, as `/auth/switch-organization?organizationId=` takes it. */
  readonly id: string
  /** Its display name, when the environment includes one. */
  readonly name?: string
}

/** Entries kept at most: a claim is attacker-sized input to every request's identity. */
const MAX_ORGANIZATIONS = 200

/** The same bound the switch route applies to `organizationId`. */
const MAX_ID_LENGTH = 256

/**
 * The organizations a token says the user belongs to: its `organizations` claim, either
 * `[{ id, name? }]` (what the emulator and Scalekit-style environments send) or a list of
 * ids. Entries without a usable id are skipped and duplicates dropped; a claim that is
 * absent or not an array gives undefined ("the tokens do not say"), never an empty list,
 * so the switch route does not refuse every organization because of a token it cannot read.
 *
 * @example
 * ```ts
 * organizationsFromClaims({ organizations: [{ id: 'org_1', name: 'Acme' }] })
 * // -> [{ id: 'org_1', name: 'Acme' }]
 * ```
 */
export function organizationsFromClaims(
  claims: Record<string, unknown> | undefined,
): readonly AuthOrganization[] | undefined {
  const value = claims?.['organizations']
  if (!Array.isArray(value)) return undefined
  const seen = new Set<string>()
  const out: AuthOrganization[] = []
  for (const entry of value.slice(0, MAX_ORGANIZATIONS)) {
    const organization = organizationOf(entry)
    if (organization === undefined || seen.has(organization.id)) continue
    seen.add(organization.id)
    out.push(organization)
  }
  return Object.freeze(out)
}

function organizationOf(entry: unknown): AuthOrganization | undefined {
  if (typeof entry === 'string') return usableId(entry) ? Object.freeze({ id: entry }) : undefined
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined
  const record = entry as Record<string, unknown>
  const id = record['id']
  if (typeof id !== 'string' || !usableId(id)) return undefined
  const name = record['name'] ?? record['display_name']
  return Object.freeze(typeof name === 'string' && name !== '' ? { id, name } : { id })
}

function usableId(id: string): boolean {
  return id !== '' && id.length <= MAX_ID_LENGTH
}
