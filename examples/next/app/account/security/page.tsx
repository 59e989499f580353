import { renderSecurity } from '@kit/example-shared'
import { kit } from '../../../lib/kit'
import { FRAMEWORK, SharedPage } from '../../../lib/shared-page'

export const dynamic = 'force-dynamic'

/** A sign-in within 5 minutes (step-up): an older one is sent to sign in again and back. */
const MAX_AGE_SECONDS = 300

export default async function Security() {
  const auth = await kit.requireRecentLogin({ maxAgeSeconds: MAX_AGE_SECONDS })
  return (
    <SharedPage
      document={renderSecurity({ framework: FRAMEWORK, auth, maxAgeSeconds: MAX_AGE_SECONDS })}
    />
  )
}
