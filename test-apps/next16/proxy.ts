import { kit } from './lib/kit'

/**
 * Next 16's proxy (Node runtime): pages under these paths need a session (redirect to
 * login), API paths answer 401 JSON; a token near expiry is refreshed here once.
 */
export default kit.proxy({
  protect: ['/dashboard/:path*', '/admin/:path*', '/actions/:path*', '/pages-ssr'],
  api: ['/api/:path*'],
})

export const config = {
  // /helpers-only never meets the proxy: the server helper alone must guard it.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|helpers-only).*)'],
}
