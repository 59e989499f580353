import { KitError } from '../errors.js'

/**
 * Throws `ERR_KIT_TESTING_IN_PRODUCTION` when `NODE_ENV` is `production`. Test helpers
 * mint sessions and webhook signatures with the app's own secrets, skipping the identity
 * provider; a production process has no reason to call them, so one that does is a bug
 * (or an attack path) to stop loudly. Read through `globalThis` so core stays free of
 * Node globals: on runtimes without `process` the check passes.
 *
 * @example
 * ```ts
 * refuseInProduction('createTestSession()')
 * ```
 */
export function refuseInProduction(helper: string): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env
  if (env?.['NODE_ENV'] !== 'production') return
  throw new KitError(
    'ERR_KIT_TESTING_IN_PRODUCTION',
    `${helper} refuses to run when NODE_ENV is "production": it creates credentials without ` +
      'the identity provider. Import @kit/core/testing only from test code, and run tests ' +
      'with NODE_ENV=test (vitest and jest set it for you).',
  )
}
