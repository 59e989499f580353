import { kit } from './lib/kit'

/**
 * Next 15's middleware runs on the edge runtime: everything imported here must work
 * without Node built-ins (the kit's core is Web Crypto + fetch only).
 */
export default kit.proxy({
  protect: ['/dashboard/:path*', '/admin/:path*', '/actions/:path*'],
  api: ['/api/:path*'],
})

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
