import type { Db } from '../store/db.js'
import {
  type DueDeliveryRow,
  ensureDeliveryErrorCodeColumn,
  listDueDeliveryRows,
  recordDeliveryAttempt,
} from '../store/webhooks.js'
import { isoTime } from '../util/clock.js'
import { responseErrorCode } from './response-error.js'
import { webhookHeaders } from './signature.js'

/** Retry policy for webhook deliveries. */
export interface WebhookRetryOptions {
  /** Attempts before a delivery is marked failed (default 6). */
  maxAttempts?: number
  /** Delay before the first retry; doubles each time (default 1000 ms). */
  baseDelayMs?: number
  /** Upper bound of one retry delay (default 5 min). */
  maxDelayMs?: number
  /** Per-attempt request timeout (default 10 s). */
  timeoutMs?: number
  /** How often the dispatcher looks for due deliveries (default 500 ms). */
  pollMs?: number
}

/** Dependencies of the dispatcher. */
export interface DispatcherDeps {
  db: Db
  now(): number
  /** Current environment id (read per delivery: import may replace it). */
  environmentId(): string
  log?(message: string): void
}

type DueRow = DueDeliveryRow

/**
 * Sends queued deliveries: POSTs the event JSON signed per Standard Webhooks, marks a
 * 2xx as delivered, and otherwise schedules a retry with exponential backoff until
 * `maxAttempts`, recording every attempt's status, the error code of a refusal's JSON
 * answer, or the network error. Runs on an unref'd timer.
 */
export class WebhookDispatcher {
  private readonly opts: Required<WebhookRetryOptions>
  private timer: NodeJS.Timeout | null = null
  private readonly inFlight = new Map<string, Promise<void>>()
  private running: Promise<void> | null = null
  private stopped = false
  private again = false
  private abort = new AbortController()

  constructor(
    private readonly deps: DispatcherDeps,
    options: WebhookRetryOptions = {},
  ) {
    this.opts = {
      maxAttempts: options.maxAttempts ?? 6,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 300_000,
      timeoutMs: options.timeoutMs ?? 10_000,
      pollMs: options.pollMs ?? 500,
    }
    ensureDeliveryErrorCodeColumn(deps.db)
  }

  /** Starts polling. */
  start(): void {
    this.stopped = false
    if (this.abort.signal.aborted) this.abort = new AbortController()
    if (this.timer) return
    this.timer = setInterval(() => this.kick(), this.opts.pollMs)
    this.timer.unref()
    this.kick()
  }

  /** Stops polling and waits for attempts in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.abort.abort()
    await this.running
  }

  /** Looks for due deliveries now (called when new ones are queued). */
  kick(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.runDue()
      .catch((cause) => this.deps.log?.(`webhook dispatcher: ${String(cause)}`))
      .finally(() => {
        this.running = null
        if (this.again) {
          this.again = false
          this.kick()
        }
      })
  }

  /**
   * Sends every due delivery once and resolves when those attempts, and any already in
   * progress, are done and recorded.
   */
  async runDue(): Promise<void> {
    const rows = listDueDeliveryRows(this.deps.db, Date.now())
    for (const row of rows) {
      if (this.inFlight.has(row.id)) continue
      const attempt = this.attempt(row).finally(() => this.inFlight.delete(row.id))
      this.inFlight.set(row.id, attempt)
    }
    await Promise.all(this.inFlight.values())
  }

  private async attempt(row: DueRow): Promise<void> {
    const body = JSON.stringify({
      id: row.event_id,
      type: row.type,
      environment_id: this.deps.environmentId(),
      organization_id: row.organization_id,
      occurred_at: row.event_time,
      data: JSON.parse(row.data),
    })
    const timestamp = Math.floor(this.deps.now() / 1000)
    let status: number | null = null
    let error: string | null = null
    let errorCode: string | null = null
    try {
      const res = await fetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'kit-emulator-webhooks',
          ...webhookHeaders(row.secret, row.id, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.opts.timeoutMs)]),
      })
      status = res.status
      if (status < 200 || status >= 300) {
        error = `HTTP ${status}`
        errorCode = await responseErrorCode(res)
      } else {
        await res.body?.cancel().catch(() => undefined)
      }
    } catch (cause) {
      error = describeError(cause)
    }
    this.record(row, status, error, errorCode)
  }

  private record(
    row: DueRow,
    status: number | null,
    error: string | null,
    errorCode: string | null,
  ): void {
    // Cut short by stop(): leave the delivery pending, a restart sends it again.
    if (this.abort.signal.aborted) return
    const attempts = row.attempts + 1
    const delay = Math.min(this.opts.baseDelayMs * 2 ** (attempts - 1), this.opts.maxDelayMs)
    const next =
      error === null ? 'delivered' : attempts >= this.opts.maxAttempts ? 'failed' : 'pending'
    try {
      recordDeliveryAttempt(this.deps.db, row.id, {
        status: next,
        attempts,
        nextAttemptAt: Date.now() + delay,
        lastStatus: status,
        lastError: error,
        lastErrorCode: errorCode,
        time: isoTime(this.deps.now()),
      })
    } catch (cause) {
      // The database may be closed by stop() or wiped by reset(); nothing left to record.
      this.deps.log?.(`webhook delivery ${row.id} not recorded: ${String(cause)}`)
    }
    if (next === 'failed')
      this.deps.log?.(
        `webhook delivery ${row.id} to ${row.url} failed after ${attempts} attempts: ${error}${errorCode ? ` (${errorCode})` : ''}`,
      )
  }
}

/** `TypeError: fetch failed (ECONNREFUSED)`: the network cause is what a developer needs. */
function describeError(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause)
  const inner = (cause as { cause?: { code?: unknown; message?: unknown } }).cause
  const detail = inner?.code ?? inner?.message
  return `${cause.name}: ${cause.message}${detail ? ` (${String(detail)})` : ''}`
}
