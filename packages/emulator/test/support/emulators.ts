import { type EmulatorHandle, type EmulatorOptions, startEmulator } from '../../src/index.js'

/** Emulators started by a test file, stopped by {@link stopAll}. */
const running: EmulatorHandle[] = []

/**
 * Starts an in-memory emulator on a free port with quiet logs, remembered so one
 * `afterAll(stopAll)` / `afterEach(stopAll)` stops it even when the test fails midway.
 * `opts` override the defaults (a file `dbPath`, a fixed `port`, ...).
 */
export async function start(opts: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emu = await startEmulator({ port: 0, dbPath: ':memory:', log: () => {}, ...opts })
  running.push(emu)
  return emu
}

/** Stops every emulator started with {@link start} (stopping twice is harmless). */
export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((e) => e.stop()))
}
