/**
 * `next start` of a built test app, configured only through environment variables at
 * start (the `KIT_*` settings, and the build folder from {@link ensureBuilt}), so one
 * build serves any emulator port and any number of instances.
 */
import { type RunningProcess, startProcess } from './child-process.js'
import { nextCli, nextEnv, testAppDir } from './next-build.js'

/** Where and what `next start` serves. */
export interface NextStartOptions {
  port: number
  /** The host name it listens on: `localhost` for a browser, `127.0.0.1` behind a proxy. */
  host: string
  /** The build folder `ensureBuilt` answered. */
  distDir: string
  /** The `KIT_*` settings and anything else the app reads at start. */
  env: Record<string, string>
}

/** Starts `next start` for `test-apps/<app>`; wait for it with `waitUntilAnswering`. */
export function startNextServer(app: string, options: NextStartOptions): RunningProcess {
  const appDir = testAppDir(app)
  const args = [nextCli(appDir), 'start', '-p', String(options.port), '-H', options.host]
  const env = nextEnv({ ...options.env, KIT_TEST_DIST_DIR: options.distDir })
  return startProcess(process.execPath, args, { cwd: appDir, env })
}
