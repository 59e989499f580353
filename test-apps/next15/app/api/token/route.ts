import { tokenInfo } from '@kit/test-app-next-shared'
import { kit } from '../../../lib/kit'

/**
 * A route handler that needs the access token itself (to call an API): `getAccessToken()`
 * refreshes it when near expiry and can write the new cookie here.
 */
export async function GET() {
  const token = await kit.getAccessToken()
  if (!token) return Response.json({ error: { code: 'unauthenticated' } }, { status: 401 })
  return Response.json({ token: tokenInfo(token) })
}
