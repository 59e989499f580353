/**
 * Browser steps of the Express and Fastify suites: each drives the real pages (the
 * example app's and the emulator's) the way a person would, by role and label. They are
 * the same steps as the Next.js suites', so they live in @kit/test-support and take any
 * stack with an `appUrl` and an emulator, this suite's `Stack` included.
 */
export {
  apiMe,
  expectEmulatorLoginPage,
  latestCode,
  type MeBody,
  signInAs,
  testIdText,
  waitForUrl,
  waitForUrlPrefix,
} from '@kit/test-support'
