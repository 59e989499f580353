/**
 * When and how long to wait before repeating a management call. Kept apart from the
 * transport so the rules can be read (and tested) in one place.
 */

/** Methods that can be repeated without changing the outcome (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'])

/** Statuses that mean "the server could not handle it now", worth repeating. */
const RETRYABLE_STATUSES = new Set([429, 502, 503, 504])

/** First backoff step in ms; doubles per attempt. */
export const BASE_DELAY_MS = 200
/** Ceiling of one computed backoff step in ms. */
export const MAX_DELAY_MS = 8_000
/** Longest `Retry-After` we sleep through; a longer hint ends the retries. */
export const MAX_RETRY_AFTER_MS = 60_000

/**
 * Decides whether a response status may be retried for this method. 429 is retried
 * for every method, POST and PATCH included: a rate-limited request was refused before
 * being processed, so repeating it cannot apply a write twice. 502/503/504 are retried
 * only for idempotent methods, because a gateway error can hide a write that did land.
 */
export function isRetryableStatus(method: string, status: number): boolean {
  if (!RETRYABLE_STATUSES.has(status)) return false
  return status === 429 || IDEMPOTENT_METHODS.has(method.toUpperCase())
}

/** Network failures (no response) are retried for idempotent methods only, for the same reason. */
export function isRetryableNetworkError(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase())
}

/**
 * Parses `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3) into
 * milliseconds from `now`; undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Math.max(0, date - now)
}

/**
 * Full-jitter exponential backoff: a random wait in [0, min(cap, base * 2^attempt)],
 * so many clients failing together do not come back in lockstep.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)
  return Math.round(random() * ceiling)
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason)
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
