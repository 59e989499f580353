import { pathFor } from '../route-path.js'
import type { Transport } from '../transport.js'
import type { UpdateLoginUserDetailsOptions } from './interfaces.js'
import { serializeLoginUserDetails } from './serializers.js'

/** Creates the `auth` namespace: hooks into logins in progress. */
export function createAuthApi(t: Transport) {
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
      const path = pathFor`/api/v1/connections/${{ connectionId }}/auth-requests/${{ loginRequestId }}/user`
      await t.request({ method: 'POST', path, body: serializeLoginUserDetails(user) }, req)
    },
  }
}

/** The `auth` namespace of the management API. */
export type AuthApi = ReturnType<typeof createAuthApi>
