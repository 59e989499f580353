import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  GetUserSessionsOptions,
  RevokeAllUserSessionsResponse,
  RevokeSessionResponse,
  SessionDetails,
  UserSessionDetails,
} from './interfaces.js'
import {
  deserializeRevokeAllUserSessionsResponse,
  deserializeRevokeSessionResponse,
  deserializeSessionDetails,
  deserializeUserSessionDetails,
  serializeSessionFilter,
} from './serializers.js'

/** Creates the `sessions` namespace: users' sign-in sessions and their revocation. */
export function createSessionsApi(t: Transport) {
  return {
    /** Fetches one session with its device and status. */
    async getSession(sessionId: string, options?: RequestOptions): Promise<SessionDetails> {
      const path = pathFor`/api/v1/sessions/${{ sessionId }}`
      return deserializeSessionDetails(await t.request({ method: 'GET', path }, options))
    },

    /**
     * Lists a user's sessions, a page at a time, optionally filtered.
     *
     * @example
     * ```ts
     * const { sessions } = await kit.sessions.getUserSessions('usr_123', { filter: { status: ['ACTIVE'] } })
     * ```
     */
    async getUserSessions(
      userId: string,
      options: GetUserSessionsOptions = {},
    ): Promise<UserSessionDetails> {
      const { pageSize, pageToken, filter, ...req } = options
      const path = pathFor`/api/v1/users/${{ userId }}/sessions`
      const query = {
        page_size: pageSize,
        page_token: pageToken,
        ...serializeSessionFilter(filter),
      }
      return deserializeUserSessionDetails(await t.request({ method: 'GET', path, query }, req))
    },

    /** Ends one session: its refresh tokens stop working. */
    async revokeSession(
      sessionId: string,
      options?: RequestOptions,
    ): Promise<RevokeSessionResponse> {
      const path = pathFor`/api/v1/sessions/${{ sessionId }}/revoke`
      return deserializeRevokeSessionResponse(await t.request({ method: 'POST', path }, options))
    },

    /** Ends every session of a user (sign out everywhere). */
    async revokeAllUserSessions(
      userId: string,
      options?: RequestOptions,
    ): Promise<RevokeAllUserSessionsResponse> {
      const path = pathFor`/api/v1/users/${{ userId }}/sessions/revoke`
      return deserializeRevokeAllUserSessionsResponse(
        await t.request({ method: 'POST', path }, options),
      )
    },
  }
}

/** The `sessions` namespace of the management API. */
export type SessionsApi = ReturnType<typeof createSessionsApi>
