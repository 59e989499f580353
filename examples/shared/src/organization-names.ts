/** Looks up an organization's display name; null when unknown or the lookup failed. */
export type OrganizationNameLookup = (organizationId: string | undefined) => Promise<string | null>

/**
 * Wraps a management API call so pages can show "Acme Corp" instead of an id without
 * calling the environment on every request: names are cached for `ttlMs`, and a failed
 * lookup (no management access, network) degrades to null instead of failing the page.
 *
 * @example
 * const organizationName = createOrganizationNameLookup(async (id) =>
 *   (await kit.organization.getOrganization(id)).organization?.displayName)
 */
export function createOrganizationNameLookup(
  fetchName: (organizationId: string) => Promise<string | null | undefined>,
  options: { ttlMs?: number; onError?: (err: unknown) => void } = {},
): OrganizationNameLookup {
  const ttlMs = options.ttlMs ?? 5 * 60_000
  const cache = new Map<string, { name: string | null; until: number }>()
  return async (organizationId) => {
    if (!organizationId) return null
    const hit = cache.get(organizationId)
    if (hit && hit.until > Date.now()) return hit.name
    let name: string | null = null
    try {
      name = (await fetchName(organizationId)) ?? null
    } catch (err) {
      options.onError?.(err)
    }
    if (cache.size > 1000) cache.clear()
    // Failures are remembered briefly too, so a missing permission is not retried per page.
    cache.set(organizationId, { name, until: Date.now() + (name ? ttlMs : 10_000) })
    return name
  }
}
