/**
 * The app's one kit instance. Every setting comes from `KIT_*` variables read when the
 * server starts (not when it is built), so one `next build` serves any emulator port.
 */
import { createKitNext } from '@kit/next'
import { webhookLog } from './webhook-log'

export const kit = createKitNext({
  onWebhook: (event) => {
    webhookLog().record(event)
  },
})
