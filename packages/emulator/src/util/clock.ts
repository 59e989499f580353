/**
 * The emulator's clock: wall time shifted by an offset that tests set through
 * `POST /_emulator/clock`, so they can expire tokens and sessions without waiting.
 */
export class Clock {
  private offsetMs = 0

  /** Current time in epoch milliseconds, offset applied. */
  now(): number {
    return Date.now() + this.offsetMs
  }

  /** Current offset in seconds. */
  get offsetSeconds(): number {
    return this.offsetMs / 1000
  }

  /** Sets the offset (seconds, may be negative or fractional). */
  setOffsetSeconds(seconds: number): void {
    if (!Number.isFinite(seconds))
      throw new RangeError('clock offset must be a finite number of seconds')
    this.offsetMs = Math.round(seconds * 1000)
  }
}

/** RFC 3339 timestamp (UTC) for an epoch-ms time, as the management API writes times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}
