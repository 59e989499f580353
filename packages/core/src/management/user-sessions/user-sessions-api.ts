import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import { toNumber } from '../wire-values.js'
import type {
  GetUserSessionsOptions,
  RevokeAllUserSessionsResponse,
  RevokeSessionResponse,
  SessionDetails,
  UserSessionDetails,
} from './interfaces.js'
import { sessionFilterQuery } from './serializers.js'

/** Creates the `sessions` namespace: users' sign-in sessions and their revocation. */
export function createSessionsApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Fetches one session with its device and status.
     *
     * @example
     * ```ts
     * const { status, device } = await kit.sessions.getSession('ses_123')
     * ```
     */
    async getSession(sessionId: string, options?: RequestOptions): Promise<SessionDetails> {
      const path = { session_id: sessionId }
      return (await call(R['sessions.getSession'], { path }, options)) as SessionDetails
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
      const path = { user_id: userId }
      const query = { page_size: pageSize, page_token: pageToken, ...sessionFilterQuery(filter) }
      return (await call(R['sessions.getUserSessions'], { path, query }, req)) as UserSessionDetails
    },

    /**
     * Ends one session: its refresh tokens stop working.
     *
     * @example
     * ```ts
     * const { revokedSession } = await kit.sessions.revokeSession('ses_123')
     * ```
     */
    async revokeSession(
      sessionId: string,
      options?: RequestOptions,
    ): Promise<RevokeSessionResponse> {
      const path = { session_id: sessionId }
      return (await call(R['sessions.revokeSession'], { path }, options)) as RevokeSessionResponse
    },

    /**
     * Ends every session of a user (sign out everywhere).
     *
     * @example
     * ```ts
     * const { totalRevoked } = await kit.sessions.revokeAllUserSessions('usr_123')
     * ```
     */
    async revokeAllUserSessions(
      userId: string,
      options?: RequestOptions,
    ): Promise<RevokeAllUserSessionsResponse> {
      const path = { user_id: userId }
      const answer = await call(R['sessions.revokeAllUserSessions'], { path }, options)
      const decoded = answer as RevokeAllUserSessionsResponse
      // int64 on the wire: a decimal string, or left out when zero.
      return { ...decoded, totalRevoked: toNumber(decoded.totalRevoked) }
    },
  }
}

/** The `sessions` namespace of the management API. */
export type SessionsApi = ReturnType<typeof createSessionsApi>
