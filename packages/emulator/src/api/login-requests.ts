import { upsertLoginUserDetails } from '../store/login-user-details.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { type Json, nowIso } from './common.js'
import { findConnection } from './connection-view.js'
import { notFound } from './errors.js'
import { input } from './validate.js'

const USER_STRINGS = [
  'sub',
  'email',
  'given_name',
  'family_name',
  'phone_number',
  'name',
  'preferred_username',
  'picture',
  'gender',
  'locale',
  'organization_external_id',
  'organization_external_name',
] as const

/**
 * `POST /connections/{connection_id}/auth-requests/{login_request_id}/user`: the app
 * ("bring your own auth") tells the environment who signed in for an ongoing login
 * request. Stored in `api_login_user_details`, where the OIDC module picks it up.
 */
function updateLoginUserDetails(call: ApiCall): Json {
  const { ctx } = call
  const connectionId = param(call, 'connection_id')
  if (!findConnection(ctx, connectionId)) throw notFound('connection', connectionId)
  const body = input(call.body)
  const user: Json = {}
  for (const f of USER_STRINGS) {
    const v = body.str(f, { max: 2048 })
    if (v !== undefined) user[f] = v
  }
  for (const f of ['email_verified', 'phone_number_verified'] as const) {
    const v = body.bool(f)
    if (v !== undefined) user[f] = v
  }
  const groups = body.strList('groups')
  if (groups) user.groups = groups
  const roles = body.strList('roles')
  if (roles) user.roles = roles
  const custom = body.object('custom_attributes')
  if (custom) user.custom_attributes = custom
  upsertLoginUserDetails(
    ctx.db,
    connectionId,
    param(call, 'login_request_id'),
    JSON.stringify(user),
    nowIso(ctx),
  )
  return {}
}

/** Auth handlers by management method (login user details). */
export const loginRequestHandlers = {
  'auth.updateLoginUserDetails': updateLoginUserDetails,
} satisfies HandlerTable
