/**
 * Chromium for the browser tests: Debian's binary through playwright-core, with the
 * flags CI uses. It lives in @kit/test-support, shared with the Next.js suites.
 */
export { CHROMIUM_PATH, launchChromium, newContext } from '@kit/test-support'
