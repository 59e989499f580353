import { renderDashboard } from '@kit/example-shared'
import { kit, organizationName } from '../../lib/kit'
import { FRAMEWORK, SharedPage } from '../../lib/shared-page'
import { OrganizationSwitcher } from '../organization-switcher'

export const dynamic = 'force-dynamic'

/** A server component: the guard runs here again even though the proxy matched first. */
export default async function Dashboard() {
  const auth = await kit.requireAuth()
  const name = await organizationName(auth.organizationId)
  return (
    <>
      <SharedPage
        document={renderDashboard({ framework: FRAMEWORK, auth, organizationName: name })}
      />
      <OrganizationSwitcher auth={auth} returnTo="/dashboard" />
    </>
  )
}
