/**
 * The app's one kit instance. Every setting comes from `KIT_*` variables read when the
 * server starts (not when it is built), so one `next build` serves any emulator port.
 */
import { createKitNext } from '@kit/next'
// The subpath, not the package root: middleware/proxy bundles load this file, and the
// root brings the pages and the management client along.
import { webhookLog } from '@kit/test-app-next-shared/webhook-log'

export const kit = createKitNext({
  onWebhook: (event) => {
    webhookLog().record(event)
  },
})
