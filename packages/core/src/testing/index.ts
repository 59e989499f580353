/**
 * `@kit/core/testing`: credentials for an app's own test suite, made with the app's own
 * secrets and no identity provider. Every helper refuses to run when `NODE_ENV` is
 * `production`. For tests that drive the real login flow, use `@kit/emulator/testing`.
 *
 * @packageDocumentation
 */

export { TEST_SESSION_ISSUER } from './test-access-token.js'
export {
  createTestSession,
  createTestSessionCookies,
  type TestSessionCookie,
  type TestSessionOptions,
} from './test-session.js'
export { signTestWebhook, type TestWebhook, type TestWebhookOptions } from './test-webhook.js'
