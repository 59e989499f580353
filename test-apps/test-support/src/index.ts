/**
 * Test-only support shared by the browser suites (test-apps/e2e, test-apps/next-e2e) and
 * the multi-instance suite. Each suite keeps its own specifics (which app it starts, what
 * its scenarios check); what they all do the same way lives here.
 */
export { CHROMIUM_PATH, launchChromium, newContext } from './browser.js'
export {
  type BrowserStack,
  type BrowserStackOptions,
  type FreshWindow,
  useBrowserStack,
} from './browser-fixture.js'
export {
  type RunningProcess,
  RunTimeoutError,
  type RunToEndOptions,
  runToEnd,
  startProcess,
  stopProcess,
  waitForOutput,
  waitUntilAnswering,
} from './child-process.js'
export {
  type AppEmulator,
  type AppEmulatorOptions,
  type AppSeedOptions,
  seedForApp,
  startEmulatorForApp,
} from './emulator-for-app.js'
export {
  ALICE_AT_ACME,
  type AppStack,
  apiMe,
  type DashboardIdentity,
  expectAdminPage,
  expectAdminRefused,
  expectApiIdentity,
  expectDashboardShows,
  expectEmulatorLoginPage,
  expectSilentLogin,
  expectVisitorRefused,
  latestCode,
  logOut,
  type MeBody,
  signInAs,
  signInFromEmulatorConsole,
  testIdText,
  waitForUrl,
  waitForUrlPrefix,
} from './flows.js'
export {
  type BuildResult,
  ensureBuilt,
  NEXT_BUILD_TIMEOUT_MS,
  nextCli,
  nextEnv,
  ROOT,
  sourceHash,
  testAppDir,
  workspaceDependencies,
} from './next-build.js'
export { type NextStartOptions, startNextServer } from './next-start.js'
export { freePort, listenOnFreePort } from './ports.js'
export { refreshGrants } from './refresh-grants.js'
export { deliverSignedWebhook } from './signed-webhook.js'
