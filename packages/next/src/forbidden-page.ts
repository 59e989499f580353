import { errorResponse } from '@kit/core/adapter'

/** Names shown on the page: permission, role and organization ids, nothing else. */
const NAME = /^[\w:.\-/]{1,100}$/

const MESSAGES: Record<string, (missing: string[]) => string> = {
  insufficient_permission: (m) => `Missing permission${m.length > 1 ? 's' : ''}: ${m.join(', ')}`,
  insufficient_role: (m) => `Requires the role${m.length > 1 ? ' (any of)' : ''}: ${m.join(', ')}`,
  organization_required: () => 'Sign in to an organization to access this page',
  organization_mismatch: (m) => `Requires organization ${m.join(', ')}`,
  not_a_member: (m) => `You are not a member of the organization ${m.join(', ')}`,
  impersonation_not_allowed: () =>
    'Not available while someone is acting as this user (impersonation): only the user can do this',
}

/**
 * The kit's 403 page, where server helpers send a browser that is signed in but lacks a
 * permission, role or organization when the app has not enabled Next's `forbidden()`
 * (`experimental.authInterrupts`): the browser still gets an HTTP 403. The page only
 * shows a known reason and names of the expected shape, escaped, so a crafted link
 * cannot put arbitrary text on the app's origin. JSON for API clients.
 *
 * @example
 * ```ts
 * forbiddenPage(new URL('https://app.example.com/auth/forbidden?code=insufficient_role&missing=admin'), false)
 * ```
 */
export function forbiddenPage(url: URL, api: boolean): Response {
  const code = url.searchParams.get('code') ?? ''
  const message = MESSAGES[code]
  const missing = url.searchParams
    .getAll('missing')
    .filter((name) => NAME.test(name))
    .slice(0, 20)
  if (message === undefined) {
    return errorResponse(api, 403, 'forbidden', 'You do not have access to this page', {
      title: 'Access denied',
    })
  }
  return errorResponse(api, 403, code, message(missing), { title: 'Access denied', missing })
}
