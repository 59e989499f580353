import { KitClient } from '@kit/core'
import { createOrganizationNameLookup, type OrganizationNameLookup } from '@kit/example-shared'

let lookup: OrganizationNameLookup | undefined

/**
 * The organization's display name from the management API (cached), or null. Created
 * on first use, so `next build` needs no `KIT_*` settings.
 */
export function organizationName(id: string | undefined): Promise<string | null> {
  if (!lookup) {
    const kit = KitClient.fromEnv(process.env)
    lookup = createOrganizationNameLookup(
      async (orgId) => (await kit.organization.getOrganization(orgId)).organization?.displayName,
    )
  }
  return lookup(id)
}
