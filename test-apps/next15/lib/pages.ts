import { createTestAppPages } from '@kit/test-app-next-shared'
import { kit } from './kit'

/** The pages the Next.js test apps share, bound to this app's kit. */
export const pages = createTestAppPages({ kit, framework: 'Next.js 15' })
