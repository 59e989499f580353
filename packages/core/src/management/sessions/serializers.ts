import type { QueryValue } from '../transport.js'
import { fromWire } from '../wire-case.js'
import { asObject, cursorOf, toArray, toNumber } from '../wire-values.js'
import type {
  RevokeAllUserSessionsResponse,
  RevokedSessionDetails,
  RevokeSessionResponse,
  SessionDetails,
  UserSessionDetails,
  UserSessionFilter,
} from './interfaces.js'

/** Wire JSON -> `SessionDetails`. */
export function deserializeSessionDetails(wire: unknown): SessionDetails {
  return fromWire<SessionDetails>(asObject(wire))
}

/** Wire page -> `UserSessionDetails`. */
export function deserializeUserSessionDetails(wire: unknown): UserSessionDetails {
  const w = asObject(wire)
  return {
    sessions: toArray(w.sessions as unknown[] | undefined).map(deserializeSessionDetails),
    ...cursorOf(w),
  }
}

/** `{ revoked_session }` -> `RevokeSessionResponse`. */
export function deserializeRevokeSessionResponse(wire: unknown): RevokeSessionResponse {
  return {
    revokedSession: fromWire<RevokedSessionDetails>(asObject(asObject(wire).revoked_session)),
  }
}

/** Wire JSON -> `RevokeAllUserSessionsResponse`. */
export function deserializeRevokeAllUserSessionsResponse(
  wire: unknown,
): RevokeAllUserSessionsResponse {
  const w = asObject(wire)
  return {
    revokedSessions: toArray(w.revoked_sessions as unknown[] | undefined).map((s) =>
      fromWire<RevokedSessionDetails>(s),
    ),
    totalRevoked: toNumber(w.total_revoked),
  }
}

/** The filter as `filter.*` query parameters (how the REST route takes a nested message). */
export function serializeSessionFilter(
  filter: UserSessionFilter | undefined,
): Record<string, QueryValue> {
  return {
    'filter.status': filter?.status,
    'filter.start_time': filter?.startTime,
    'filter.end_time': filter?.endTime,
  }
}
