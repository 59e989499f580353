/**
 * The app's one kit instance. Every setting comes from `KIT_*` variables read when the
 * server starts (not when it is built), so one `next build` serves any emulator port;
 * with `REDIS_URL` set it shares revocations, refreshes and webhook ids through Redis.
 */
import { createKitNext } from '@kit/next'
import { sharedStores } from './shared-stores'
import { webhookLog } from './webhook-log'

// The multi-instance test shortens the skew so a session is due for refresh seconds
// after login; the browser suite keeps the kit's default.
const refreshSkew = process.env['KIT_TEST_REFRESH_SKEW']

export const kit = createKitNext({
  ...sharedStores(),
  ...(refreshSkew ? { refreshSkew: Number(refreshSkew) } : {}),
  onWebhook: (event) => {
    webhookLog().record(event)
  },
})
