import { KitError } from '../../errors.js'
import type { Engine } from '../engine.js'
import { BadParamError, readSingleParams } from '../query.js'
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
}

/**
 * `GET /auth/login`: starts a login. Query: `returnTo` (kept only when it is a
 * same-origin path), `organizationId`, `connectionId`, `loginHint`, `domainHint`,
 * `provider`, `prompt`. Repeated or oversized parameters are a 400. On a cross-site
 * navigation (see {@link mayChooseLoginTarget}) every parameter but `returnTo` is dropped:
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
  let returnTo = safeReturnTo(params.returnTo, origin)
  const returnPath = returnTo.split(/[?#]/)[0]
  if (returnPath === paths.login || returnPath === paths.callback || returnPath === paths.logout) {
    returnTo = '/'
  }
  const login: LoginRequest = mayChooseLoginTarget(request.headers, origin)
    ? { ...params, returnTo }
    : { returnTo }
  try {
    return await startLogin(engine, request, login)
  } catch (error) {
    if (error instanceof KitError && error.code === 'ERR_KIT_CONFIG') {
      return errorResponse(api, 400, 'invalid_request', error.message)
    }
    throw error
  }
}
