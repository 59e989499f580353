import type { Auth } from '@kit/core'
import { switchOrganization } from './actions'

/**
 * The organizations `auth.organizations` lists, the current one marked, each other one a
 * form bound to the `switchOrganization` server action (the header's plain forms post to
 * the kit's route instead; both end the same way). Nothing for a single organization.
 */
export function OrganizationSwitcher({ auth, returnTo }: { auth: Auth; returnTo: string }) {
  const organizations = auth.organizations ?? []
  if (organizations.length < 2) return null
  return (
    <section
      className="card"
      aria-labelledby="switch-h"
      style={{ maxWidth: 912, margin: '0 auto 32px' }}
    >
      <h2 id="switch-h">Switch organization (server action)</h2>
      <div className="orgs">
        {organizations.map((org) =>
          org.id === auth.organizationId ? (
            <strong key={org.id} className="org current" aria-current="true">
              {org.name ?? org.id}
            </strong>
          ) : (
            <form key={org.id} action={switchOrganization} className="inline">
              <input type="hidden" name="organizationId" value={org.id} />
              <input type="hidden" name="returnTo" value={returnTo} />
              <button type="submit" className="secondary org">
                {org.name ?? org.id}
              </button>
            </form>
          ),
        )}
      </div>
    </section>
  )
}
