import { KitError } from '../../errors.js'
import type { Engine } from '../engine.js'
import { BadParamError, readSingleParams } from '../query.js'
import { parseMaxAgeParam } from '../recent-login.js'
import { acceptsJsonOnly, requestTarget } from '../request-kind.js'
import { errorResponse } from '../responses.js'
import { safeReturnTo } from '../return-to.js'
import { mayChooseLoginTarget } from './login-intent.js'
import { type LoginRequest, startLogin } from './start-login.js'

const LOGIN_PARAMS = {
  returnTo: 2048,
  organizationId: 256,
  connectionId: 256,
  loginHint: 320,
  domainHint: 256,
  provider: 64,
  prompt: 64,
  maxAge: 16,
}

/**
 * `GET /auth/login`: starts a login. Query: `returnTo` (kept only when it is a
 * same-origin path), `organizationId`, `connectionId`, `loginHint`, `domainHint`,
 * `provider`, `prompt`, `maxAge` (step-up: seconds, sent as `max_age`). Repeated or
 * oversized parameters are a 400. On a cross-site navigation (see
 * {@link mayChooseLoginTarget}) every parameter but `returnTo` and `maxAge` is dropped:
 * the user signs in through the environment's normal login page (login CSRF defence).
 *
 * @example
 * ```ts
 * // GET /auth/login?returnTo=%2Fdashboard&organizationId=org_123 -> 302 to the environment
 * ```
 */
export async function loginAction(engine: Engine, request: Request): Promise<Response> {
  const { origin, paths } = engine.config
  const target = requestTarget(request.url, origin)
  const api = acceptsJsonOnly(request.headers.get('accept'))
  let params: ReturnType<typeof readSingleParams<keyof typeof LOGIN_PARAMS>>
  try {
    params = readSingleParams(target.searchParams, LOGIN_PARAMS)
  } catch (error) {
    if (error instanceof BadParamError)
      return errorResponse(api, 400, 'invalid_request', error.message)
    throw error
  }
  if (params.prompt !== undefined && !/^[a-z_]+( [a-z_]+)*$/.test(params.prompt)) {
    return errorResponse(
      api,
      400,
      'invalid_request',
      'query parameter "prompt" is not a valid prompt value',
    )
  }
  const { maxAge: maxAgeParam, ...targetParams } = params
  const maxAge = maxAgeParam === undefined ? undefined : parseMaxAgeParam(maxAgeParam)
  if (maxAge === null) {
    return errorResponse(
      api,
      400,
      'invalid_request',
      'query parameter "maxAge" must be a whole number of seconds (digits only, at most one year)',
    )
  }
  let returnTo = safeReturnTo(params.returnTo, origin)
  const returnPath = returnTo.split(/[?#]/)[0]
  if (returnPath === paths.login || returnPath === paths.callback || returnPath === paths.logout) {
    returnTo = '/'
  }
  // `maxAge` survives a cross-site start: it can only make the login stricter (a new
  // authentication), never choose where the user signs in. A guard's step-up redirect
  // reached from another site's link is exactly such a start; dropping it would log
  // the user in on the old authentication and send them back to the same denial.
  const stricter: Pick<LoginRequest, 'maxAge'> = maxAge === undefined ? {} : { maxAge }
  const login: LoginRequest = mayChooseLoginTarget(request.headers, origin)
    ? { ...targetParams, returnTo, ...stricter }
    : { returnTo, ...stricter }
  try {
    return await startLogin(engine, request, login)
  } catch (error) {
    if (error instanceof KitError && error.code === 'ERR_KIT_CONFIG') {
      return errorResponse(api, 400, 'invalid_request', error.message)
    }
    throw error
  }
}
