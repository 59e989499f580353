/**
 * Small normalisers for wire values. Proto3 JSON leaves out default values (empty
 * lists, empty strings, zero) and encodes 64-bit integers as strings; these put them
 * back so list results always have their array and counts are numbers.
 */

/**
 * A timestamp as sent by the API: an RFC 3339 string such as `2026-01-31T12:00:00Z`.
 * Kept as a string (lossless, JSON-safe); `new Date(value)` when you need a Date.
 */
export type Timestamp = string

/** int64 / uint32 from the wire (number or decimal string) as a number; `fallback` when absent. */
export function toNumber(value: unknown, fallback = 0): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value)
  }
  return fallback
}

/** The value as an array, or an empty array when the wire left it out. */
export function toArray<T>(value: T[] | null | undefined): T[] {
  return Array.isArray(value) ? value : []
}

/** Wire JSON as a plain object (a missing or empty body becomes `{}`). */
export function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

/** Cursor fields every token-paginated list response carries. */
export interface PageCursor {
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Reads the cursor fields of a list response, filling proto3 defaults. */
export function cursorOf(wire: Record<string, unknown>): PageCursor {
  return {
    nextPageToken: typeof wire.next_page_token === 'string' ? wire.next_page_token : '',
    prevPageToken: typeof wire.prev_page_token === 'string' ? wire.prev_page_token : '',
    totalSize: toNumber(wire.total_size),
  }
}

/** proto3 JSON leaves `enabled: false` out; this puts the boolean back. */
export function withEnabled<T extends { enabled?: unknown }>(model: T): T & { enabled: boolean } {
  return { ...model, enabled: model.enabled === true }
}
