import { renderDashboard } from '@kit/example-shared'
import { kit } from '../../lib/kit'
import { organizationName } from '../../lib/organization-name'
import { FRAMEWORK, SharedPage } from '../../lib/shared-page'

export const dynamic = 'force-dynamic'

/** A server component: the guard runs here again even though the proxy matched first. */
export default async function Dashboard() {
  const auth = await kit.requireAuth()
  const name = await organizationName(auth.organizationId)
  return (
    <SharedPage
      document={renderDashboard({ framework: FRAMEWORK, auth, organizationName: name })}
    />
  )
}
