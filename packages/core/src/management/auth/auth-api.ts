import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { Transport } from '../transport.js'
import type { UpdateLoginUserDetailsOptions } from './interfaces.js'

/** Creates the `auth` namespace: hooks into logins in progress. */
export function createAuthApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Supplies the user's details for a login request that waits on your app.
     *
     * @example
     * ```ts
     * await kit.auth.updateLoginUserDetails('conn_123', 'lr_456', { user: { email: 'dana@initech.com', sub: 'ext-9' } })
     * ```
     */
    async updateLoginUserDetails(
      connectionId: string,
      loginRequestId: string,
      options: UpdateLoginUserDetailsOptions = {},
    ): Promise<void> {
      const { user, ...req } = options
      const path = { connection_id: connectionId, login_request_id: loginRequestId }
      await call(R['auth.updateLoginUserDetails'], { path, body: user ?? {} }, req)
    },
  }
}

/** The `auth` namespace of the management API. */
export type AuthApi = ReturnType<typeof createAuthApi>
