import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RouteModule } from '../context.js'
import { sendApiError } from '../http/send.js'

/** A fault to inject, as `POST /_emulator/faults` takes it. */
export interface FaultInput {
  /** `"METHOD /path-prefix"` (`*` for any method) or a bare path prefix. */
  route: string
  /** Answer with this status (API error shape) instead of the real handler. */
  status?: number
  /** `Retry-After` header value in seconds (typically with 429 or 503). */
  retryAfter?: number
  /** Extra delay before answering (or before the real handler runs when no status). */
  latencyMs?: number
  /** Affect only this many matching requests (default: until cleared). */
  times?: number
}

/** A registered fault. */
export interface Fault extends FaultInput {
  id: string
  method: string
  pathPrefix: string
  /** Requests affected so far. */
  hits: number
}

const MAX_LATENCY_MS = 120_000

/**
 * Injected faults for chosen routes: errors, 429 with Retry-After, or latency, each
 * optionally limited to a number of requests. Controls under `/_emulator/` are never
 * affected, so a test can always clear them.
 */
export class FaultRegistry {
  private faults: Fault[] = []
  private seq = 0

  /** Validates and registers a fault; throws a TypeError naming the bad field. */
  add(input: FaultInput): Fault {
    if (!input || typeof input !== 'object') throw new TypeError('fault must be an object')
    if (typeof input.route !== 'string' || input.route.trim() === '')
      throw new TypeError('fault.route must be a non-empty string')
    const parts = input.route.trim().split(/\s+/)
    const [method, pathPrefix] =
      parts.length === 1 ? ['*', parts[0]!] : [parts[0]!.toUpperCase(), parts[1]!]
    if (parts.length > 2 || !pathPrefix.startsWith('/')) {
      throw new TypeError('fault.route must look like "GET /api/v1/organizations" or "/api/v1"')
    }
    checkInt(input.status, 'status', 100, 599)
    checkInt(input.retryAfter, 'retryAfter', 0, 86_400)
    checkInt(input.latencyMs, 'latencyMs', 0, MAX_LATENCY_MS)
    checkInt(input.times, 'times', 1, 1_000_000)
    if (input.status === undefined && !input.latencyMs)
      throw new TypeError('fault needs a status or a latencyMs')
    const fault: Fault = {
      id: `fault_${++this.seq}`,
      route: input.route,
      method,
      pathPrefix,
      status: input.status,
      retryAfter: input.retryAfter,
      latencyMs: input.latencyMs,
      times: input.times,
      hits: 0,
    }
    this.faults.push(fault)
    return fault
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = []
  }

  /** Registered faults still active. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  /** Finds the first active fault for a request and counts the hit. */
  take(method: string, path: string): Fault | null {
    if (path.startsWith('/_emulator/')) return null
    const fault = this.faults.find(
      (f) => (f.method === '*' || f.method === method) && path.startsWith(f.pathPrefix),
    )
    if (!fault) return null
    fault.hits++
    if (fault.times !== undefined && fault.hits >= fault.times)
      this.faults = this.faults.filter((f) => f !== fault)
    return fault
  }

  /** The route module that applies faults; first in the server's chain. */
  route(): RouteModule {
    return async (req: IncomingMessage, res: ServerResponse, url: URL) => {
      const fault = this.take(req.method ?? 'GET', url.pathname)
      if (!fault) return false
      if (fault.latencyMs) {
        // unref: a pending delay must not keep a stopped emulator's process alive
        await new Promise((resolve) => setTimeout(resolve, fault.latencyMs).unref())
      }
      if (res.destroyed) return true
      if (fault.status === undefined) return false
      const headers: Record<string, string> = {}
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter)
      req.resume()
      sendApiError(res, fault.status, undefined, `injected fault (${fault.route})`, [], headers)
      return true
    }
  }
}

function checkInt(value: unknown, name: string, min: number, max: number): void {
  if (value === undefined) return
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new TypeError(`fault.${name} must be an integer from ${min} to ${max}`)
  }
}
