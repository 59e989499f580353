import type { KitEnvConfig } from '@kit/core/adapter'
import type { EmulatorOptions } from '@kit/emulator'
import { afterAll, beforeAll } from 'vitest'
import { BASE_URL, type KitFixture, SESSION_SECRET, startKit } from './fixtures.js'
import type { AdapterHarness, RunningApp, TestRoute } from './harness.js'

/** The emulator and the app a describe block shares; filled in by its `beforeAll`. */
export interface KitAppContext {
  fixture: KitFixture
  app: RunningApp
}

/** How to start them: emulator options and data, extra kit options, the app's routes. */
export interface KitAppSetup {
  emulator?: EmulatorOptions
  /** Runs once the emulator is up, before the app starts (e.g. `fixture.emu.seed(...)`). */
  prepare?: (fixture: KitFixture) => Promise<void>
  /** Added to the kit options (client, `BASE_URL` and `SESSION_SECRET` are given). */
  options?: Omit<KitEnvConfig, 'kit' | 'baseUrl' | 'session'>
  routes: readonly TestRoute[]
}

/**
 * Registers hooks that start an in-memory emulator and an app with the kit pointed at
 * it before the tests of the enclosing describe block, and stop both after them.
 */
export function useKitApp(harness: AdapterHarness, setup: KitAppSetup): KitAppContext {
  const context = {} as KitAppContext
  beforeAll(async () => {
    context.fixture = await startKit(setup.emulator)
    await setup.prepare?.(context.fixture)
    context.app = await harness.start({
      options: {
        kit: context.fixture.kit,
        baseUrl: BASE_URL,
        session: { secret: SESSION_SECRET },
        ...setup.options,
      },
      routes: setup.routes,
    })
  })
  afterAll(async () => {
    await context.app?.close()
    await context.fixture?.emu.stop()
  })
  return context
}
