import { renderHome } from '@kit/example-shared'
import { kit } from '../lib/kit'
import { FRAMEWORK, SharedPage } from '../lib/shared-page'

// Reads the session cookie: rendered per request, never at build time.
export const dynamic = 'force-dynamic'

export default async function Home() {
  const auth = await kit.auth()
  return <SharedPage document={renderHome({ framework: FRAMEWORK, auth })} />
}
