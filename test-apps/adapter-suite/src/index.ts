/**
 * `@kit/adapter-suite` (private, test-only): the conformance suite every framework
 * adapter runs. An adapter implements {@link AdapterHarness} (start an app with the kit
 * and guarded routes, listening on a loopback port) and calls
 * {@link describeAdapterConformance}; its own test folder keeps only what is truly
 * framework-specific.
 *
 * @packageDocumentation
 */
export { type ConformanceOptions, describeAdapterConformance } from './conformance.js'
export {
  BASE_URL,
  type KitFixture,
  login,
  offlineKit,
  SESSION_SECRET,
  signedHeaders,
  startKit,
  WEBHOOK_SECRET,
  who,
} from './fixtures.js'
export { type GuardFactories, guardFrom } from './guards.js'
export type {
  AdapterHarness,
  RouteReply,
  RunningApp,
  TestAppSpec,
  TestRoute,
  TranslatedRoute,
} from './harness.js'
export { type HeaderLines, type Received, send } from './http-client.js'
export { configError } from './matchers.js'
export { describePathVariants, PATH_VARIANTS } from './path-variants.js'
export { invalidatedProtectors, itInvalidatesNoProtectorBareDoesNot } from './protectors.js'
