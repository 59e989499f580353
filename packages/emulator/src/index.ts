/**
 * `@kit/emulator`: a local, offline identity environment (OIDC provider, management
 * REST API, webhooks, mailbox, console) for developing and testing with the kit.
 *
 * @example
 * import { startEmulator } from '@kit/emulator'
 * const emu = await startEmulator({ port: 0, dbPath: ':memory:' })
 * console.log(emu.url, emu.clientId, emu.clientSecret)
 * await emu.stop()
 */
export type {
  EmulatorContext,
  EventSink,
  MailInput,
  MailSink,
  OidcBridge,
  RouteModule,
} from './context.js'
export type { Fault, FaultInput } from './controls/faults.js'
export type { MailMessage } from './mailbox/mailbox.js'
export type { EmulatorOptions } from './options.js'
export {
  DEFAULT_CLIENTS,
  DEFAULT_SEED,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_ENVIRONMENT_CLIENT_ID,
  DEMO_ENVIRONMENT_CLIENT_SECRET,
  type SeedClient,
  type SeedConnection,
  type SeedData,
  SeedError,
  type SeedMember,
  type SeedOrganization,
  type SeedPermission,
  type SeedRole,
  type SeedUser,
} from './seed/index.js'
export { type EmulatorHandle, startEmulator } from './server.js'
export type { DataExport } from './store/all-tables.js'
export { generateWebhookSecret, signWebhook, type WebhookRetryOptions } from './webhooks/index.js'
