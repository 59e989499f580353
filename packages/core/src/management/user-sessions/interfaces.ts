import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/** Approximate location of a session's device. */
export interface SessionLocation {
  region?: string
  regionSubdivision?: string
  city?: string
  latitude?: string
  longitude?: string
}

/** The device a session runs on. */
export interface DeviceDetails {
  userAgent?: string
  os?: string
  osVersion?: string
  browser?: string
  browserVersion?: string
  deviceType?: string
  ip?: string
  location?: SessionLocation
}

/** An application client that used a session. */
export interface AuthenticatedClient {
  clientId: string
  organizationId?: string
}

/** Lifecycle fields shared by live and revoked sessions. */
export interface SessionTimes {
  sessionId: string
  userId: string
  createdAt?: Timestamp
  updatedAt?: Timestamp
  idleExpiresAt?: Timestamp
  absoluteExpiresAt?: Timestamp
  expiredAt?: Timestamp
  logoutAt?: Timestamp
  /** e.g. `ACTIVE`, `EXPIRED`, `REVOKED`, `LOGOUT`. */
  status: string
  lastActiveAt?: Timestamp
}

/** A user's sign-in session. */
export interface SessionDetails extends SessionTimes {
  authenticatedOrganizations?: string[]
  organizationId?: string
  device?: DeviceDetails
  authenticatedClients?: AuthenticatedClient[]
}

/** A session as it was when revoked. */
export type RevokedSessionDetails = SessionTimes

/** Narrows `getUserSessions`. */
export interface UserSessionFilter {
  /** Statuses to include, e.g. `['ACTIVE']`. */
  status?: string[]
  startTime?: string | Date
  endTime?: string | Date
}

/** Options of `getUserSessions`. */
export interface GetUserSessionsOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
  filter?: UserSessionFilter
}

/** A page of a user's sessions. */
export interface UserSessionDetails {
  sessions: SessionDetails[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of `revokeSession`. */
export interface RevokeSessionResponse {
  revokedSession: RevokedSessionDetails
}

/** Result of `revokeAllUserSessions`. */
export interface RevokeAllUserSessionsResponse {
  revokedSessions: RevokedSessionDetails[]
  totalRevoked: number
}
