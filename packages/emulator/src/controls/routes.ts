import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RouteModule } from '../context.js'
import { readJson } from '../http/body.js'
import { sendApiError, sendJson } from '../http/send.js'
import type { MailMessage } from '../mailbox/mailbox.js'
import type { SeedData } from '../seed/types.js'
import { SeedError } from '../seed/validate.js'
import type { DataExport } from '../store/all-tables.js'
import type { FaultInput, FaultRegistry } from './faults.js'

/** The operations the control routes expose (implemented by the server). */
export interface ControlTarget {
  reset(): Promise<void>
  seed(data: unknown, opts?: { replace?: boolean }): Promise<void>
  exportData(): DataExport
  importData(dump: unknown): Promise<void>
  rotateKeys(): Promise<void>
  faults: FaultRegistry
  setClockOffset(seconds: number): void
  clockOffset(): number
  now(): number
  mailbox(to?: string): MailMessage[]
  deliveries(): Record<string, unknown>[]
}

/** Imports can carry a whole environment; allow more than the default body limit. */
const IMPORT_LIMIT = 64 * 1024 * 1024

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>

/**
 * Test controls under `/_emulator/`. They are unauthenticated on purpose: the emulator
 * is a local development tool and must never be exposed to a network you do not trust.
 * The local guard (http/local-guard.ts) runs first: loopback `Host` only, no request from
 * a page of another origin, JSON bodies only, so a web page cannot drive them.
 */
export function createControls(target: ControlTarget): RouteModule {
  const routes: Record<string, Handler> = {
    'GET /_emulator/health': async (_req, res) =>
      sendJson(res, 200, {
        status: 'ok',
        time: new Date(target.now()).toISOString(),
        clock_offset_seconds: target.clockOffset(),
      }),
    'POST /_emulator/reset': async (req, res) => {
      await readJson(req)
      await target.reset()
      sendJson(res, 200, { status: 'reset' })
    },
    'POST /_emulator/seed': async (req, res, url) => {
      const body = await readJson<SeedData & Record<string, unknown>>(req, { limit: IMPORT_LIMIT })
      await target.seed(body, { replace: url.searchParams.get('replace') === 'true' })
      sendJson(res, 200, { status: 'seeded' })
    },
    'GET /_emulator/export': async (_req, res) => sendJson(res, 200, target.exportData()),
    'POST /_emulator/import': async (req, res) => {
      await target.importData(await readJson(req, { limit: IMPORT_LIMIT }))
      sendJson(res, 200, { status: 'imported' })
    },
    'POST /_emulator/keys/rotate': async (req, res) => {
      await readJson(req)
      await target.rotateKeys()
      sendJson(res, 200, { status: 'rotated' })
    },
    'GET /_emulator/faults': async (_req, res) =>
      sendJson(res, 200, { faults: target.faults.list() }),
    'POST /_emulator/faults': async (req, res) => {
      const fault = target.faults.add((await readJson(req)) as unknown as FaultInput)
      sendJson(res, 201, fault)
    },
    'DELETE /_emulator/faults': async (_req, res) => {
      target.faults.clear()
      sendJson(res, 200, { faults: [] })
    },
    'GET /_emulator/clock': async (_req, res) =>
      sendJson(res, 200, {
        offset_seconds: target.clockOffset(),
        now: new Date(target.now()).toISOString(),
      }),
    'POST /_emulator/clock': async (req, res) => {
      const body = await readJson(req)
      if (typeof body.offsetSeconds !== 'number' || !Number.isFinite(body.offsetSeconds)) {
        throw new TypeError('offsetSeconds must be a finite number')
      }
      target.setClockOffset(body.offsetSeconds)
      sendJson(res, 200, {
        offset_seconds: target.clockOffset(),
        now: new Date(target.now()).toISOString(),
      })
    },
    'GET /_emulator/mailbox': async (_req, res, url) =>
      sendJson(res, 200, { messages: target.mailbox(url.searchParams.get('to') ?? undefined) }),
    'GET /_emulator/webhooks/deliveries': async (_req, res) =>
      sendJson(res, 200, { deliveries: target.deliveries() }),
  }
  return async (req, res, url) => {
    if (url.pathname !== '/_emulator' && !url.pathname.startsWith('/_emulator/')) return false
    const method = req.method ?? 'GET'
    const handler = routes[`${method} ${url.pathname}`]
    if (!handler) {
      const known = Object.keys(routes).some((k) => k.endsWith(` ${url.pathname}`))
      if (known)
        sendApiError(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`)
      else return false
      return true
    }
    try {
      await handler(req, res, url)
    } catch (error) {
      if (error instanceof SeedError)
        sendApiError(
          res,
          error.status,
          error.status === 409 ? 'ALREADY_EXISTS' : 'INVALID_ARGUMENT',
          error.message,
        )
      else if (error instanceof TypeError || error instanceof RangeError)
        sendApiError(res, 400, 'INVALID_ARGUMENT', error.message)
      else throw error
    }
    return true
  }
}
