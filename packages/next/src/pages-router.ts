import { type Auth, type KitAuthentication, type Requirement, toWebResponse } from '@kit/core'
import { requirementDenial } from '@kit/core/adapter'
import { nodeRequestLike } from '@kit/core/node'
import type {
  GetServerSidePropsContext,
  GetServerSidePropsResult,
  NextApiRequest,
  NextApiResponse,
} from 'next'
import type { KitContext } from './kit-context.js'
import { type AuthRequirements, toRequirements } from './requirements.js'
import { pageTarget } from './views.js'

/** The Node response of a Pages Router page or API route, as far as the kit writes it. */
type NodeResponse = GetServerSidePropsContext['res']

/** Appends the changed session's headers (`Set-Cookie` lines kept alongside the app's). */
function applyHeaders(res: NodeResponse, result: KitAuthentication): void {
  for (const [name, value] of result.responseHeaders) {
    if (name !== 'set-cookie') {
      res.setHeader(name, value)
      continue
    }
    const existing = res.getHeader('set-cookie')
    const previous =
      existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)]
    res.setHeader('set-cookie', [...previous, value])
  }
}

/** Sends core's `Response` (a guard's denial) through a Pages Router API response. */
async function sendResponse(res: NextApiResponse, response: Response): Promise<void> {
  res.statusCode = response.status
  for (const [name, value] of response.headers)
    if (name !== 'set-cookie') res.setHeader(name, value)
  const cookies = response.headers.getSetCookie()
  if (cookies.length > 0) applyHeaders(res, toResult(cookies))
  res.end(new Uint8Array(await response.arrayBuffer()))
}

const toResult = (cookies: string[]): KitAuthentication => ({
  auth: null,
  setCookies: cookies,
  responseHeaders: cookies.map((c) => ['set-cookie', c] as const),
})

/** A `getServerSideProps` that also receives the identity. */
export type AuthedGetServerSideProps<P> = (
  context: GetServerSidePropsContext,
  auth: Auth,
) => Promise<GetServerSidePropsResult<P>>

/** A Pages Router API route that also receives the identity. */
export type AuthedApiHandler<T> = (
  req: NextApiRequest,
  res: NextApiResponse<T>,
  auth: Auth,
) => unknown | Promise<unknown>

/**
 * Builds `kit.withAuthSsr` and `kit.withAuthApi`, the Pages Router wrappers. Both read
 * the session from the Node request (core's `nodeRequestLike`: origin from `baseUrl`,
 * repeated `Authorization` lines visible) and write a changed session on the response.
 */
export function createPagesRouter(context: KitContext) {
  async function authenticate(req: NodeRequest, target: string, res: NodeResponse) {
    const routes = context.routes()
    const view = nodeRequestLike(req, routes.origin, target)
    const result = routes.peekAuthentication(view) ?? (await routes.authenticate(view))
    applyHeaders(res, result)
    return { view, result }
  }

  /**
   * Wraps `getServerSideProps`: signed-out visitors are redirected to login (with the
   * page as `returnTo`); a signed-in user who lacks a requirement is redirected to the
   * kit's 403 page (which answers HTTP 403). The handler gets the identity.
   *
   * @example
   * ```ts
   * export const getServerSideProps = kit.withAuthSsr(async (ctx, auth) => ({ props: { email: auth.user.email } }))
   * ```
   */
  function withAuthSsr<P extends Record<string, unknown>>(
    handler: AuthedGetServerSideProps<P>,
    requirements?: AuthRequirements,
  ): (context: GetServerSidePropsContext) => Promise<GetServerSidePropsResult<P>> {
    // The sign-in requirement stays in the list: it carries `allowImpersonation`.
    const checks: Requirement[] = toRequirements(requirements, 'kit.withAuthSsr()')
    return async function kitServerSideProps(ctx) {
      const target = pageTarget(ctx.resolvedUrl ?? ctx.req.url ?? '/')
      const { result } = await authenticate(ctx.req, target, ctx.res)
      const auth = result.auth
      if (auth === null) {
        return { redirect: { destination: context.loginUrl(target), permanent: false } }
      }
      for (const requirement of checks) {
        const denial = requirementDenial(auth, requirement)
        if (denial?.maxAgeSeconds !== undefined) {
          const destination = context.loginUrl(target, denial.maxAgeSeconds)
          return { redirect: { destination, permanent: false } }
        }
        if (denial) {
          return { redirect: { destination: context.forbiddenUrl(denial), permanent: false } }
        }
      }
      return handler(ctx, auth)
    }
  }

  /**
   * Wraps a Pages Router API route with core's guard answers (401 JSON, 302 for a page
   * load, 403 naming what is missing); the handler gets the identity.
   *
   * @example
   * ```ts
   * export default kit.withAuthApi((req, res, auth) => res.json(auth), { role: 'admin' })
   * ```
   */
  function withAuthApi<T>(
    handler: AuthedApiHandler<T>,
    requirements?: AuthRequirements,
  ): (req: NextApiRequest, res: NextApiResponse<T>) => Promise<void> {
    const checks = toRequirements(requirements, 'kit.withAuthApi()')
    return async function kitApiRoute(req, res) {
      const { view, result } = await authenticate(req, req.url ?? '/', res)
      for (const requirement of checks) {
        const denied = context.routes().guard(view, result.auth, requirement)
        if (denied) return sendResponse(res, toWebResponse(denied))
      }
      await handler(req, res, result.auth!)
    }
  }

  return { withAuthSsr, withAuthApi }
}

/** The Node request of a Pages Router page or API route. */
type NodeRequest = GetServerSidePropsContext['req']
