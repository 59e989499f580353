/**
 * The app's one kit instance. Every setting comes from `KIT_*` variables read when the
 * server starts (not when it is built), so one `next build` serves any emulator port;
 * with `REDIS_URL` set it shares revocations, refreshes and webhook ids through Redis.
 */
import { createKitNext } from '@kit/next'
// The subpath, not the package root: middleware/proxy bundles load this file, and the
// root brings the pages and the management client along.
import { webhookLog } from '@kit/test-app-next-shared/webhook-log'
import { sharedStores } from './shared-stores'

// The multi-instance test shortens the skew so a session is due for refresh seconds
// after login; the browser suite keeps the kit's default.
const refreshSkewSeconds = process.env['KIT_TEST_REFRESH_SKEW']

export const kit = createKitNext({
  ...sharedStores(),
  ...(refreshSkewSeconds ? { refreshSkewSeconds: Number(refreshSkewSeconds) } : {}),
  onWebhook: (event) => {
    webhookLog().record(event)
  },
})
