/**
 * What the guarded server action of the test apps does; each app wraps it in its own
 * `'use server'` module, because a server action is bound to the app's kit.
 */
import type { KitNext } from '@kit/next'
import type { ActionState } from './action-state.js'
import { tokenInfo } from './token-info.js'

/**
 * A server action behind a guard: `requirePermission` throws Next's redirect / forbidden
 * signals, which must reach Next unswallowed; `getAccessToken()` may refresh and writes
 * the new cookie (actions can set cookies).
 */
export async function whoAmI(kit: KitNext): Promise<ActionState> {
  const auth = await kit.requirePermission('org:manage')
  const token = await kit.getAccessToken()
  return { email: auth.user.email ?? null, exp: token ? tokenInfo(token).exp : null }
}
