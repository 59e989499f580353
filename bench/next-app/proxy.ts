import { type NextRequest, NextResponse } from 'next/server'
import { kit } from './lib/kit'

/** The kit's proxy as an app mounts it: a protected area elsewhere, public paths pass. */
const kitProxy = kit.proxy({ protect: ['/dashboard/:path*'], api: ['/api/private/:path*'] })

/**
 * Next 16's proxy (Node runtime). `/open/kit` meets the kit's proxy, `/open/noop` a proxy
 * that only passes the request on (Next's own cost of running one); nothing else is
 * matched, so `/open/bare` and the guarded handlers meet no proxy at all.
 */
export default function proxy(request: NextRequest): Promise<Response> | Response {
  if (request.nextUrl.pathname === '/open/noop') return NextResponse.next()
  return kitProxy(request)
}

export const config = { matcher: ['/open/kit', '/open/noop'] }
