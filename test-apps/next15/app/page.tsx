import { pages } from '../lib/pages'

// Reads the session cookie: rendered per request, never at build time.
export const dynamic = 'force-dynamic'

export default pages.Home
