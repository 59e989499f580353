// The rule behind every adapter's `checkSetupOnStart`: run `kit.checkSetup()` once, log
// each failure for the operator, and (in 'fail' mode) hold the app back with the same
// text. Adapters only decide where to await `ready`.
import { KitError } from '../errors.js'
import type { SetupCheckResult } from '../oidc/setup-check.js'
import type { KitClientForRoutes } from './kit-contract.js'
import type { KitLogger, SetupCheckMode } from './types.js'

/** What the start-up check needs from the resolved route configuration. */
export interface StartupCheckConfig {
  readonly kit: KitClientForRoutes
  readonly redirectUri: string
  readonly logger: KitLogger & { error(message: string): void }
  readonly checkSetupOnStart: SetupCheckMode
}

/**
 * One failure as a log line: code, what is wrong, how to fix it.
 *
 * @example
 * ```ts
 * for (const failure of report.failures) logger.error(setupFailureLine(failure))
 * ```
 */
export function setupFailureLine(failure: SetupCheckResult): string {
  return `kit: setup check failed (${failure.code}): ${failure.message}. ${failure.fix ?? ''}`.trim()
}

/**
 * Starts the configured start-up check and returns the `ready` promise of the routes:
 * resolved at once for `false`, `'warn'` or a kit without `checkSetup` (the check then
 * runs in the background and only logs), else settled by the check. The returned
 * promise is marked handled, so a 'fail' nobody awaits never crashes the process.
 *
 * @example
 * ```ts
 * const ready = startSetupCheck(config) // config.checkSetupOnStart === 'fail'
 * await ready // rejects with ERR_KIT_CONFIG naming what to fix
 * ```
 */
export function startSetupCheck(config: StartupCheckConfig): Promise<void> {
  const { kit, logger, checkSetupOnStart: mode } = config
  if (mode === false || typeof kit.checkSetup !== 'function') return Promise.resolve()
  const checked = kit.checkSetup({ redirectUri: config.redirectUri }).then((report) => {
    for (const failure of report.failures) logger.error(setupFailureLine(failure))
    if (report.ok) logger.info?.('kit: setup check passed (environment, client, redirect URI)')
    return report
  })
  if (mode === 'warn') {
    checked.catch((error: unknown) =>
      logger.warn(`kit: setup check could not run: ${String(error)}`),
    )
    return Promise.resolve()
  }
  const ready = checked.then((report) => {
    if (report.ok) return
    const lines = report.failures.map((f) => `- ${f.message}. ${f.fix ?? ''}`.trim())
    throw new KitError(
      'ERR_KIT_CONFIG',
      `kit: the setup check failed (checkSetupOnStart: 'fail'):\n${lines.join('\n')}`,
    )
  })
  ready.catch(() => {})
  return ready
}
