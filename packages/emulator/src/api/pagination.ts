import { invalidField } from './errors.js'
import { QueryInput } from './validate.js'

/** Page size when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 10
/** Largest page served; bigger requests are clamped, as the hosted API does. */
export const MAX_PAGE_SIZE = 100

/** One page of a list plus the list-response pagination fields. */
export interface Page<T> {
  items: T[]
  next_page_token: string
  prev_page_token: string
  total_size: number
}

/**
 * Slices a fully ordered list into a page. Page tokens are opaque to callers (base64url
 * JSON carrying an offset and a list tag, so a token from one list is refused by
 * another); a malformed token is a 400 naming `page_token`.
 */
export function paginate<T>(
  all: T[],
  query: URLSearchParams,
  opts: { tag: string; defaultSize?: number; maxSize?: number } = { tag: 'list' },
): Page<T> {
  const q = new QueryInput(query)
  const requested = q.int('page_size', { min: 0 })
  const max = opts.maxSize ?? MAX_PAGE_SIZE
  const size = Math.min(
    requested && requested > 0 ? requested : (opts.defaultSize ?? DEFAULT_PAGE_SIZE),
    max,
  )
  const token = q.str('page_token')
  const offset = token ? decodeToken(token, opts.tag) : 0
  const items = all.slice(offset, offset + size)
  const next = offset + size < all.length ? encodeToken(opts.tag, offset + size) : ''
  const prev = offset > 0 ? encodeToken(opts.tag, Math.max(0, offset - size)) : ''
  return { items, next_page_token: next, prev_page_token: prev, total_size: all.length }
}

function encodeToken(tag: string, offset: number): string {
  return Buffer.from(JSON.stringify({ t: tag, o: offset })).toString('base64url')
}

function decodeToken(token: string, tag: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
      t?: unknown
      o?: unknown
    }
    if (
      parsed.t === tag &&
      typeof parsed.o === 'number' &&
      Number.isSafeInteger(parsed.o) &&
      parsed.o >= 0
    ) {
      return parsed.o
    }
  } catch {
    // fall through to the 400 below
  }
  throw invalidField('page_token', 'is not a valid page token for this list')
}
