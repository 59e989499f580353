import { renderAdmin } from '@kit/example-shared'
import { kit } from '../../lib/kit'
import { organizationName } from '../../lib/organization-name'
import { FRAMEWORK, SharedPage } from '../../lib/shared-page'

export const dynamic = 'force-dynamic'

/** Only for `org:manage`: a member without it gets app/forbidden.tsx with HTTP 403. */
export default async function Admin() {
  const auth = await kit.requirePermission('org:manage')
  const name = await organizationName(auth.organizationId)
  return (
    <SharedPage document={renderAdmin({ framework: FRAMEWORK, auth, organizationName: name })} />
  )
}
