import { describe, expect, it } from 'vitest'
import { reconnectDelay } from '../src/connection.js'
import { RateLimitedWarnings } from '../src/health.js'

describe('warnings and reconnection', () => {
  it('warns once per topic per interval and counts what it suppressed', () => {
    const lines: string[] = []
    let clock = 0
    const warnings = new RateLimitedWarnings({ warn: (m) => lines.push(m) }, 30_000, () => clock)
    for (let i = 0; i < 100; i++) warnings.warn('down', 'Redis is out of reach')
    warnings.warn('other', 'another topic')
    expect(lines).toEqual(['kit/redis: Redis is out of reach', 'kit/redis: another topic'])
    clock = 30_000
    warnings.warn('down', 'Redis is out of reach')
    expect(lines[2]).toBe('kit/redis: Redis is out of reach (99 similar warnings suppressed)')
  })

  it('a logger that throws never turns a warning into a failed request', () => {
    const warnings = new RateLimitedWarnings(
      {
        warn() {
          throw new Error('log sink down')
        },
      },
      1,
      Date.now,
    )
    expect(() => warnings.warn('x', 'y')).not.toThrow()
  })

  it('reconnects after 50 ms doubling up to 2 s, with jitter, and never gives up', () => {
    for (let i = 0; i < 50; i++) {
      expect(reconnectDelay(0)).toBeGreaterThanOrEqual(25)
      expect(reconnectDelay(0)).toBeLessThanOrEqual(50)
      expect(reconnectDelay(10_000)).toBeGreaterThanOrEqual(1000)
      expect(reconnectDelay(10_000)).toBeLessThanOrEqual(2000)
    }
  })
})
