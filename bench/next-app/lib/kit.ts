/**
 * The bench app's kit, configured from `KIT_*` variables when `next start` starts, so one
 * build serves any emulator port. `/api/` paths answer as an API (401 JSON, no redirect).
 */
import { createKitNext } from '@kit/next'

export const kit = createKitNext({ apiPrefixes: ['/api/'] })
