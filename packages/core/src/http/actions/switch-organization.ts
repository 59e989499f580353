import { KitError } from '../../errors.js'
import { readCookies } from '../../session/cookies.js'
import { sessionAuth } from '../authenticate.js'
import type { Engine } from '../engine.js'
import { BadParamError, readSingleParams } from '../query.js'
import { BodyTooLargeError, readBodyLimited } from '../read-body.js'
import { acceptsJsonOnly, requestTarget } from '../request-kind.js'
import { errorResponse, redirect } from '../responses.js'
import { safeReturnTo } from '../return-to.js'
import type { ResolvedRoutesConfig } from '../routes-config.js'
import { mayChooseLoginTarget } from './login-intent.js'
import { startLogin } from './start-login.js'

const SWITCH_PARAMS = { organizationId: 256, returnTo: 2048 }

/** Largest form body read (two short fields fit many times over); larger -> 413. */
export const SWITCH_FORM_MAX_BYTES = 16 * 1024

/** Organization ids as environments issue them (`org_...`): no spaces, quotes or markup. */
const ORGANIZATION_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/

/** Title of every page this route refuses with. */
const TITLE = 'Organization not switched'

/**
 * `GET|POST /auth/switch-organization?organizationId=...&returnTo=...`: moves the session
 * to another organization of the user. A POST may carry both fields as an HTML form.
 *
 * - Only from this site ({@link mayChooseLoginTarget}): a forged switch from another site
 *   gets 403, so no page can move a signed-in user to another organization behind her back.
 * - No session: the same as `/auth/login?organizationId=...`.
 * - Already in that organization: straight back to `returnTo`.
 * - `Auth.organizations` known and the id not in it: 403 `not_a_member`; the session is
 *   untouched and nothing goes to the environment.
 * - Otherwise a new authorization request for the organization with `prompt=none`, marked
 *   as a switch: the callback insists on the same user and exactly this organization
 *   (from the verified tokens), retries once interactively when the environment needs the
 *   user, and keeps the old session when the environment refuses.
 *
 * @example
 * ```ts
 * // <form method="post" action="/auth/switch-organization">
 * //   <input type="hidden" name="organizationId" value="org_globex"> ...
 * // GET /auth/switch-organization?organizationId=org_globex&returnTo=%2Fdashboard -> 302
 * ```
 */
export async function switchOrganizationAction(
  engine: Engine,
  request: Request,
): Promise<Response> {
  const { config } = engine
  const api = acceptsJsonOnly(request.headers.get('accept'))
  const refuse = (status: number, code: string, message: string, setCookies?: string[]) =>
    errorResponse(api, status, code, message, {
      title: TITLE,
      ...(setCookies ? { setCookies } : {}),
    })
  if (!mayChooseLoginTarget(request.headers, config.origin)) {
    return refuse(
      403,
      'cross_site_request',
      'Switching organizations must start from a page of this application; this request came from another site. Use the switcher in the application.',
    )
  }
  let params: Partial<Record<keyof typeof SWITCH_PARAMS, string>>
  try {
    params = readSingleParams(await switchParams(request, config.origin), SWITCH_PARAMS)
  } catch (error) {
    if (error instanceof BadParamError) return refuse(400, 'invalid_request', error.message)
    if (error instanceof BodyTooLargeError) return refuse(413, 'payload_too_large', error.message)
    throw error
  }
  const { organizationId } = params
  if (organizationId === undefined || !ORGANIZATION_ID.test(organizationId)) {
    return refuse(
      400,
      'invalid_request',
      'organizationId is required: the id of the organization to switch to (letters, digits, _ . : -)',
    )
  }
  const returnTo = landingPath(params.returnTo, config)

  const { auth, setCookies } = await sessionAuth(engine, readCookies(request.headers.get('cookie')))
  if (auth !== null && auth.organizationId === organizationId) {
    return redirect(config.origin + returnTo, setCookies)
  }
  if (auth?.organizations && !auth.organizations.some((o) => o.id === organizationId)) {
    return refuse(
      403,
      'not_a_member',
      `You are not a member of the organization ${organizationId}, so you cannot switch to it. You are still signed in to your current organization.`,
      setCookies,
    )
  }
  let response: Response
  try {
    response = await startLogin(
      engine,
      request,
      auth === null
        ? { returnTo, organizationId }
        : {
            returnTo,
            organizationId,
            prompt: 'none',
            switchFrom: {
              userId: auth.user.id,
              ...(auth.organizationId ? { organizationId: auth.organizationId } : {}),
              attempt: 'silent',
            },
          },
    )
  } catch (error) {
    if (error instanceof KitError && error.code === 'ERR_KIT_CONFIG') {
      return refuse(400, 'invalid_request', error.message, setCookies)
    }
    throw error
  }
  // A refresh or idle renewal of the session read above must reach the browser too.
  for (const cookie of setCookies) response.headers.append('set-cookie', cookie)
  return response
}

/**
 * The query, plus the fields of an urlencoded form body on POST (a field given in both
 * counts as repeated: 400). Other bodies are ignored.
 */
async function switchParams(request: Request, origin: string): Promise<URLSearchParams> {
  const params = new URLSearchParams(requestTarget(request.url, origin).searchParams)
  const type = request.headers.get('content-type') ?? ''
  if (
    request.method.toUpperCase() !== 'POST' ||
    !/^application\/x-www-form-urlencoded\b/i.test(type)
  )
    return params
  // Adapters stop larger bodies already; this bounds a runtime that hands the stream over as is.
  const body = new TextDecoder().decode(await readBodyLimited(request, SWITCH_FORM_MAX_BYTES))
  for (const [name, value] of new URLSearchParams(body)) params.append(name, value)
  return params
}

/** A same-origin path to land on that is not one of the kit's own routes. */
function landingPath(value: string | undefined, config: ResolvedRoutesConfig): string {
  const returnTo = safeReturnTo(value, config.origin)
  const path = returnTo.split(/[?#]/)[0]
  return Object.values(config.paths).includes(path ?? '') ? '/' : returnTo
}
