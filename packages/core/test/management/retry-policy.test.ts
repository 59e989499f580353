import { describe, expect, it } from 'vitest'
import {
  backoffDelay,
  isRetryableNetworkError,
  isRetryableStatus,
  MAX_DELAY_MS,
  parseRetryAfter,
  sleep,
} from '../../src/management/retry-policy.js'

describe('retry policy', () => {
  it('retries 429 for every method and gateway errors only for idempotent ones', () => {
    for (const m of ['GET', 'PUT', 'DELETE', 'POST', 'PATCH'])
      expect(isRetryableStatus(m, 429)).toBe(true)
    for (const s of [502, 503, 504]) {
      expect(isRetryableStatus('GET', s)).toBe(true)
      expect(isRetryableStatus('DELETE', s)).toBe(true)
      expect(isRetryableStatus('POST', s)).toBe(false)
      expect(isRetryableStatus('PATCH', s)).toBe(false)
    }
    for (const s of [400, 401, 404, 409, 500, 501]) expect(isRetryableStatus('GET', s)).toBe(false)
    expect(isRetryableNetworkError('PUT')).toBe(true)
    expect(isRetryableNetworkError('POST')).toBe(false)
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('3', now)).toBe(3000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('draws full-jitter delays that grow per attempt and stay under the cap', () => {
    expect(backoffDelay(0, () => 1)).toBe(200)
    expect(backoffDelay(3, () => 1)).toBe(1600)
    expect(backoffDelay(30, () => 1)).toBe(MAX_DELAY_MS)
    expect(backoffDelay(5, () => 0)).toBe(0)
  })

  it('cuts a backoff wait short when the signal aborts', async () => {
    const ac = new AbortController()
    const started = Date.now()
    setTimeout(() => ac.abort(new Error('stop')), 20)
    await expect(sleep(5_000, ac.signal)).rejects.toThrow('stop')
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})
