import { describe } from 'vitest'
import { describeBackchannelLogout } from './backchannel-logout.js'
import { describeBearerAudience } from './bearer-audience.js'
import { describeConfig } from './config.js'
import type { AdapterHarness } from './harness.js'
import { describeLoginFlow } from './login-flow.js'
import { describeOrganizationSwitch } from './organization-switch.js'
import { describePathVariants } from './path-variants.js'
import { describeRecentLogin } from './recent-login.js'
import { describeResponseTranslation } from './response-translation.js'
import { describeRoutesAndGuards } from './routes-and-guards.js'
import { describeSecureDefaults } from './secure-defaults.js'
import { describeSessions } from './sessions.js'
import { describeWebhooks } from './webhooks.js'

/** What differs between frameworks and the suite cannot know. */
export interface ConformanceOptions {
  /**
   * The spellings of `/admin` (see `PATH_VARIANTS`) the framework's router sends to the
   * `/admin` route with its default options.
   */
  routedPathVariants: readonly string[]
  /**
   * Whether the adapter writes a guard's denial (`KitReply`) itself, in one piece with
   * its `Content-Length` (the Node adapters do). False where the framework sends a Web
   * `Response` for it (Next.js), whose server decides how the body goes out.
   */
  writesDenialsWhole: boolean
}

/**
 * The behaviour every adapter must show, run against one adapter through its
 * {@link AdapterHarness}: the kit's routes, `auth` on requests and every guard kind,
 * sessions (chunked, refreshed), webhooks over raw bytes, a full login and logout with
 * the emulator, path variants meeting the guard, start-up configuration, and Web
 * `Response`s sent unchanged by the response translator. Each test
 * talks to the started app over real HTTP and to a real emulator.
 *
 * @example
 * ```ts
 * // packages/<adapter>/test/conformance.test.ts
 * describeAdapterConformance('fastify', fastifyHarness(), { routedPathVariants: ['/admin', '/%61dmin'] })
 * ```
 */
export function describeAdapterConformance(
  name: string,
  harness: AdapterHarness,
  options: ConformanceOptions,
): void {
  describe(`adapter conformance (${name})`, () => {
    describeRoutesAndGuards(harness, options)
    describeBearerAudience(harness)
    describeSessions(harness)
    describeWebhooks(harness)
    describeLoginFlow(harness)
    describeOrganizationSwitch(harness)
    describeRecentLogin(harness)
    describeBackchannelLogout(harness)
    describeSecureDefaults(harness)
    describePathVariants('router defaults', harness, options.routedPathVariants)
    describeConfig(harness)
    describeResponseTranslation(harness)
  })
}
