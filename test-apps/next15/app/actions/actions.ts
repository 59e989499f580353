'use server'
import { kit } from '../../lib/kit'
import { tokenInfo } from '../../lib/token-info'

/** What the action form shows after a run. */
export interface ActionState {
  email: string | null
  exp: number | null
}

/**
 * A server action behind a guard: `requirePermission` throws Next's redirect / forbidden
 * signals, which must reach Next unswallowed; `getAccessToken()` may refresh and writes
 * the new cookie (actions can set cookies).
 */
export async function whoAmI(_previous: ActionState, _form: FormData): Promise<ActionState> {
  const auth = await kit.requirePermission('org:manage')
  const token = await kit.getAccessToken()
  return { email: auth.user.email ?? null, exp: token ? tokenInfo(token).exp : null }
}
