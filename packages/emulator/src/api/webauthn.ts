import type { EmulatorContext } from '../context.js'
import type { ApiCall, Route } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireUser } from './common.js'
import { notFound } from './errors.js'
import { input, QueryInput } from './validate.js'

interface CredentialRow {
  id: string
  user_id: string
  data: string
}

function rpId(ctx: EmulatorContext): string {
  return new URL(ctx.issuer).hostname
}

/** WebAuthnCredential wire JSON (defaults for fields a seed may omit). */
function credentialView(row: CredentialRow): Json {
  const d = data(row)
  return {
    id: row.id,
    user_id: row.user_id,
    credential_id: d.credential_id ?? '',
    attestation_type: d.attestation_type ?? 'none',
    authenticator: d.authenticator ?? {
      aaguid: '',
      name: '',
      attachment: '',
      icon_dark: '',
      icon_light: '',
    },
    transports: d.transports ?? [],
    authenticator_flags: d.authenticator_flags ?? {
      user_present: true,
      user_verified: true,
      backup_eligible: false,
      backup_state: false,
    },
    created_at: d.created_at ?? null,
    updated_at: d.updated_at ?? null,
    user_agent: d.user_agent ?? {},
    client_info: d.client_info ?? {},
    display_name: d.display_name ?? null,
  }
}

function requireCredential(ctx: EmulatorContext, id: string): CredentialRow {
  const row = ctx.db.prepare('SELECT * FROM api_webauthn_credentials WHERE id = ?').get(id) as
    | CredentialRow
    | undefined
  if (!row) throw notFound('credential', id)
  return row
}

function list(call: ApiCall): Json {
  const { ctx } = call
  const user = requireUser(
    ctx,
    new QueryInput(call.query).str('user_id', { required: true }) as string,
  )
  const rows = ctx.db
    .prepare('SELECT * FROM api_webauthn_credentials WHERE user_id = ? ORDER BY rowid')
    .all(user.id) as CredentialRow[]
  const credentials = rows.map(credentialView)
  return {
    credentials,
    all_accepted_credentials_options: {
      rp_id: rpId(ctx),
      user_id: user.id,
      all_accepted_credential_ids: credentials.map((c) => c.credential_id),
    },
  }
}

function update(call: ApiCall): Json {
  const { ctx } = call
  const row = requireCredential(ctx, param(call, 'credential_id'))
  const displayName = input(call.body).str('display_name', { required: true, max: 200 })
  const next = { ...data(row), display_name: displayName, updated_at: nowIso(ctx) }
  ctx.db
    .prepare('UPDATE api_webauthn_credentials SET data = ? WHERE id = ?')
    .run(JSON.stringify(next), row.id)
  const view = credentialView({ ...row, data: JSON.stringify(next) })
  ctx.events.emit('webauthn.credential_updated', view)
  return { credential: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireCredential(ctx, param(call, 'credential_id'))
  ctx.db.prepare('DELETE FROM api_webauthn_credentials WHERE id = ?').run(row.id)
  ctx.events.emit('webauthn.credential_deleted', credentialView(row))
  return {
    success: true,
    unknown_credential_options: {
      rp_id: rpId(ctx),
      credential_id: credentialView(row).credential_id,
    },
  }
}

/**
 * WebAuthn credential routes. Credentials are registered by the login flow (or seeded
 * into `api_webauthn_credentials`); the API lists, renames and deletes them.
 */
export const webauthnRoutes: Route[] = [
  { method: 'GET', pattern: '/api/v1/webauthn/credentials', handler: list },
  { method: 'PATCH', pattern: '/api/v1/webauthn/credentials/{credential_id}', handler: update },
  { method: 'DELETE', pattern: '/api/v1/webauthn/credentials/{credential_id}', handler: remove },
]
