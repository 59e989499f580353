import { kit } from './lib/kit'

/**
 * Runs before every matched request (Node runtime): visitors opening a protected page go
 * to the login page, API paths answer 401 JSON, and a token near expiry is refreshed
 * once here so the pages never see a stale one.
 */
export default kit.proxy({ protect: ['/dashboard/:path*', '/admin/:path*'], api: ['/api/:path*'] })

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
