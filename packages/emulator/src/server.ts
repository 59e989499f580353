import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createManagementServer } from './api/index.js'
import type { EmulatorContext, OidcBridge, RouteModule } from './context.js'
import { type Fault, type FaultInput, FaultRegistry } from './controls/faults.js'
import { createControls } from './controls/routes.js'
import { dispatchRequest, listen } from './http/dispatch.js'
import { createLocalGuard } from './http/local-guard.js'
import { createMailbox, type MailMessage } from './mailbox/mailbox.js'
import { createMailboxPage } from './mailbox/page.js'
import { createOidcModule, IDP_INITIATE_PATH, IMPERSONATE_PATH } from './oidc/index.js'
import { type EmulatorOptions, resolveOptions } from './options.js'
import {
  applySeed,
  ensureEnvironmentId,
  getSetting,
  loadSeed,
  registerAppUrls,
  type SeedData,
  setSetting,
  validateSeed,
  withDefaults,
} from './seed/index.js'
import { listDeliveries, readCredentials } from './server-data.js'
import { type DataExport, exportData, importData, replaceData } from './store/all-tables.js'
import { openDatabase } from './store/db.js'
import { createConsole } from './ui/console/index.js'
import { Clock, isoTime } from './util/clock.js'
import { newId } from './util/ids.js'
import {
  createEventSink,
  listWebhookEndpoints,
  upsertWebhookEndpoint,
  WebhookDispatcher,
} from './webhooks/index.js'

/** A running emulator. */
export interface EmulatorHandle {
  /** Base URL, also the OIDC issuer (`KIT_ENVIRONMENT_URL`). */
  url: string
  /** Application client (login) of the data, `skc_demo_app` with the default seed; `''` when none. */
  clientId: string
  clientSecret: string
  /** Environment client (management API via client_credentials); `''` when the data has none. */
  environmentClientId: string
  environmentClientSecret: string
  /** Secret of the `webhookUrl` endpoint (or the first seeded endpoint). */
  webhookSecret?: string
  /** Environment id (`env_...`) carried by webhook events and users. */
  environmentId: string
  /** The modules' shared context (database, clock, services), for white-box tests. */
  ctx: EmulatorContext
  /** Stops the server, the webhook dispatcher and closes the database. Idempotent. */
  stop(): Promise<void>
  /** Wipes all data and applies the start seed again (signing keys are kept). */
  reset(): Promise<void>
  /** Adds a seed's data (or, with `replace`, resets to it). */
  seed(data: SeedData, opts?: { replace?: boolean }): Promise<void>
  /** Mailbox messages, newest first, optionally for one recipient. */
  mailbox(to?: string): MailMessage[]
  /** Fault injection on chosen routes. */
  faults: { add(fault: FaultInput): Fault; clear(): void; list(): Fault[] }
  /** Shifts the emulator clock (`ctx.now()`) by this many seconds from real time. */
  setClockOffset(seconds: number): void
  /** Makes a new signing key active (old keys stay published). */
  rotateKeys(): Promise<void>
  /** Whole data as JSON (signing keys excepted). */
  exportData(): DataExport
  /** Replaces all data with an export. */
  importData(dump: DataExport): Promise<void>
  /** Sends due webhook deliveries now and waits for them. */
  flushWebhooks(): Promise<void>
}

/**
 * Starts the emulator: opens the database (seeding a fresh one), listens, and composes
 * the local guard (Host, Origin, JSON controls) -> fault injection -> `/_emulator/*`
 * controls -> management API -> console and mailbox pages -> OIDC provider. The URL is
 * known before the OIDC module starts, so port 0 works.
 *
 * @example
 * const emu = await startEmulator({ port: 0, dbPath: ':memory:' })
 * // ... KitClient({ environmentUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret })
 * await emu.stop()
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const opts = resolveOptions(options)
  const startSeed = loadSeed(opts.seed)
  const db = openDatabase(opts.dbPath)
  const modules: RouteModule[] = []
  let ready!: () => void
  const readyPromise = new Promise<void>((resolve) => {
    ready = resolve
  })
  const server = createServer((req, res) => {
    readyPromise
      .then(() => dispatchRequest(modules, req, res, opts.log))
      .catch((error) => {
        opts.log(`request failed: ${String(error)}`)
        res.destroy()
      })
  })
  server.requestTimeout = 60_000
  server.headersTimeout = 20_000
  try {
    await listen(server, opts.port, opts.host)
  } catch (error) {
    db.close()
    throw new Error(
      `emulator cannot listen on ${opts.host}:${opts.port}: ${(error as Error).message}`,
      { cause: error },
    )
  }
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  const url = (
    opts.publicUrl ??
    `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`
  ).replace(/\/+$/, '')

  const clock = new Clock()
  const now = () => clock.now()
  let environmentId = ''
  const dispatcher = new WebhookDispatcher(
    { db, now, environmentId: () => environmentId, log: opts.log },
    opts.webhookRetry,
  )
  const mailbox = createMailbox({ db, now })
  const faults = new FaultRegistry()
  let bridge: OidcBridge | null = null
  const oidcBridge: OidcBridge = {
    verifyAccessToken: (token) => requireBridge().verifyAccessToken(token),
    revokeSession: (id) => requireBridge().revokeSession(id),
    revokeUserSessions: (id) => requireBridge().revokeUserSessions(id),
    rotateKeys: () => requireBridge().rotateKeys(),
  }
  function requireBridge(): OidcBridge {
    if (!bridge) throw new Error('the OIDC module has not started')
    return bridge
  }
  const ctx: EmulatorContext = {
    db,
    issuer: url,
    now,
    newId,
    events: createEventSink({ db, now, onQueued: () => dispatcher.kick() }),
    mailbox,
    oidc: oidcBridge,
  }

  let webhookSecret: string | undefined
  /** Seeds and registers the `appUrl` and `webhookUrl` endpoints; used at start and by reset. */
  const populate = (seed: SeedData | null) => {
    environmentId = ensureEnvironmentId(db)
    const result = seed
      ? applySeed(db, seed, { now: now(), environmentId, defaultClients: true })
      : { webhooks: [] }
    registerAppUrls(db, opts.appUrls, isoTime(now()))
    const hookUrls = opts.webhookUrl
    for (const hookUrl of hookUrls) {
      const endpoint = upsertWebhookEndpoint(
        db,
        { url: hookUrl, secret: opts.webhookSecret ?? webhookSecret },
        now(),
      )
      webhookSecret = endpoint.secret
    }
    if (hookUrls.length === 0)
      webhookSecret ??= result.webhooks[0]?.secret ?? listWebhookEndpoints(db)[0]?.secret
    setSetting(db, 'initialized_at', isoTime(now()))
  }

  let oidcClose: (() => Promise<void> | void) | undefined
  let stopped = false
  const handle = {} as EmulatorHandle
  const refreshCredentials = () => Object.assign(handle, readCredentials(db), { webhookSecret })
  const reset = async () => {
    replaceData(db, ['settings'], () => populate(startSeed))
    refreshCredentials()
  }
  const seed = async (data: unknown, seedOpts: { replace?: boolean } = {}) => {
    const valid = validateSeed(data)
    if (seedOpts.replace) {
      replaceData(db, ['settings'], () => populate(withDefaults(valid)))
    } else {
      const result = applySeed(db, valid, { now: now(), environmentId })
      webhookSecret ??= result.webhooks[0]?.secret
    }
    refreshCredentials()
  }
  try {
    environmentId = ensureEnvironmentId(db)
    if (!getSetting(db, 'initialized_at')) populate(startSeed)
    else populate(null)
    const api = await createManagementServer(ctx)
    const oidc = await createOidcModule(ctx, opts)
    bridge = oidc.bridge
    oidcClose = (oidc as { close?: () => Promise<void> | void }).close
    const target = {
      reset,
      seed,
      exportData: () => exportData(db, isoTime(now())),
      importData: async (dump: unknown) => {
        importData(db, dump)
        environmentId = ensureEnvironmentId(db)
        refreshCredentials()
      },
      rotateKeys: () => oidcBridge.rotateKeys(),
      faults,
      setClockOffset: (s: number) => clock.setOffsetSeconds(s),
      clockOffset: () => clock.offsetSeconds,
      now,
      mailbox: (to?: string) => mailbox.list(to),
      deliveries: () => listDeliveries(db),
    }
    modules.push(
      createLocalGuard({
        publicUrl: opts.publicUrl,
        host: opts.host,
        controlsPrefix: '/_emulator',
        triggerPaths: [IDP_INITIATE_PATH, IMPERSONATE_PATH],
      }),
      faults.route(),
      createControls(target),
      api,
      createConsole(ctx),
      createMailboxPage(mailbox),
      oidc.route,
    )
    Object.assign(handle, {
      url,
      environmentId,
      ctx,
      stop: async () => {
        if (stopped) return
        stopped = true
        await dispatcher.stop()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await oidcClose?.()
        db.close()
      },
      reset,
      seed: (data: SeedData, o?: { replace?: boolean }) => seed(data, o),
      mailbox: (to?: string) => mailbox.list(to),
      faults: {
        add: (f: FaultInput) => faults.add(f),
        clear: () => faults.clear(),
        list: () => faults.list(),
      },
      setClockOffset: (s: number) => clock.setOffsetSeconds(s),
      rotateKeys: () => oidcBridge.rotateKeys(),
      exportData: target.exportData,
      importData: target.importData,
      flushWebhooks: () => dispatcher.runDue(),
    } satisfies Omit<
      EmulatorHandle,
      | 'clientId'
      | 'clientSecret'
      | 'environmentClientId'
      | 'environmentClientSecret'
      | 'webhookSecret'
    >)
    refreshCredentials()
  } catch (error) {
    server.closeAllConnections()
    server.close()
    db.close()
    throw error
  }
  dispatcher.start()
  ready()
  return handle
}
