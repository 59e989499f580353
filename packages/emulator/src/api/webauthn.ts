import type { EmulatorContext } from '../context.js'
import {
  deleteWebauthnCredentialRow,
  findWebauthnCredentialRow,
  listWebauthnCredentialRows,
  updateWebauthnCredentialData,
  type WebauthnCredentialRow,
} from '../store/webauthn-credentials.js'
import type { ApiCall, HandlerTable } from './call.js'
import { param } from './call.js'
import { data, type Json, nowIso, requireUser } from './common.js'
import { notFound } from './errors.js'
import { input, QueryInput } from './validate.js'

type CredentialRow = WebauthnCredentialRow

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
  const row = findWebauthnCredentialRow(ctx.db, id)
  if (!row) throw notFound('credential', id)
  return row
}

function list(call: ApiCall): Json {
  const { ctx } = call
  const user = requireUser(
    ctx,
    new QueryInput(call.query).str('user_id', { required: true }) as string,
  )
  const rows = listWebauthnCredentialRows(ctx.db, user.id)
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
  updateWebauthnCredentialData(ctx.db, row.id, JSON.stringify(next))
  const view = credentialView({ ...row, data: JSON.stringify(next) })
  ctx.events.emit('webauthn.credential_updated', view)
  return { credential: view }
}

function remove(call: ApiCall): Json {
  const { ctx } = call
  const row = requireCredential(ctx, param(call, 'credential_id'))
  deleteWebauthnCredentialRow(ctx.db, row.id)
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
 * WebAuthn credential handlers by management method. Credentials are registered by the login flow (or seeded
 * into `api_webauthn_credentials`); the API lists, renames and deletes them.
 */
export const webauthnHandlers = {
  'webauthn.listCredentials': list,
  'webauthn.updateCredential': update,
  'webauthn.deleteCredential': remove,
} satisfies HandlerTable
