import type { EmulatorContext } from '../context.js'
import { parseData } from '../store/db.js'
import { findOrganizationRow, type OrgRow } from '../store/organizations.js'
import { getSetting } from '../store/settings.js'
import { findUserRow, type UserRow } from '../store/users.js'
import { isoTime } from '../util/clock.js'
import { notFound } from './errors.js'

/** Loose JSON object type for wire messages. */
export type Json = Record<string, unknown>

/** Current emulator time as an RFC 3339 string. */
export function nowIso(ctx: EmulatorContext): string {
  return isoTime(ctx.now())
}

/** Parses a `data` column, tolerating rows written by other modules with `{}`. */
export function data(row: { data: string } | undefined): Json {
  if (!row) return {}
  try {
    const v = parseData<Json>(row.data)
    return v && typeof v === 'object' ? v : {}
  } catch {
    return {}
  }
}

/** The environment id shown on users and domains (settings `environment_id`). */
export function environmentId(ctx: EmulatorContext): string {
  return getSetting(ctx.db, 'environment_id') ?? 'env_emulator'
}

export type { OrgRow, UserRow }

/** Loads an organization or throws 404. */
export function requireOrg(ctx: EmulatorContext, id: string): OrgRow {
  const row = findOrganizationRow(ctx.db, id)
  if (!row) throw notFound('organization', id)
  return row
}

/** Loads a user or throws 404. */
export function requireUser(ctx: EmulatorContext, id: string): UserRow {
  const row = findUserRow(ctx.db, id)
  if (!row) throw notFound('user', id)
  return row
}

/** Drops `undefined` members so only given fields are written (PATCH merges). */
export function defined<T extends Json>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}

/** True when a SQLite error is a UNIQUE constraint violation. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed/.test(err.message)
}
