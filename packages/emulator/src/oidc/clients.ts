import type { AdapterPayload } from 'oidc-provider'
import { findClientRow, listActiveClientSecrets } from '../store/clients.js'
import type { Db } from '../store/db.js'

/** A client row of the shared schema, with its JSON `data` parsed. */
export interface ClientRecord {
  clientId: string
  kind: 'application' | 'environment' | 'm2m'
  organizationId: string | null
  firstParty: boolean
  data: ClientData
  secrets: string[]
}

/** The fields of `clients.data` the OIDC module reads. */
export interface ClientData {
  name?: string
  redirect_uris?: string[]
  post_logout_redirect_uris?: string[]
  initiate_login_uri?: string
  backchannel_logout_uri?: string
  /** Loopback redirect URIs on any port (RFC 8252 7.3); see loopback-redirects.ts. */
  loopback_redirect_any_port?: boolean
  audience?: string[]
  scopes?: string[]
  expiry?: number | string
  id_token_signed_response_alg?: string
  custom_claims?: { key: string; value: string }[]
}

/** Reads one client with its active secrets (newest first), or undefined. */
export function findClient(db: Db, clientId: string): ClientRecord | undefined {
  const row = findClientRow(db, clientId)
  if (!row) return undefined
  const secrets = listActiveClientSecrets(db, clientId)
  let data: ClientData = {}
  try {
    data = JSON.parse(row.data) as ClientData
  } catch {
    data = {}
  }
  return {
    clientId: row.client_id,
    kind: row.kind,
    organizationId: row.organization_id,
    firstParty: row.first_party === 1,
    data,
    secrets,
  }
}

const stringList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string' && v.length > 0)
    : []

/**
 * Translates a client row into oidc-provider client metadata. Application clients log
 * users in with the code flow (PKCE) and refresh tokens; environment and M2M clients
 * only use client_credentials. Every active secret is accepted (rotation); the extra
 * `kit_secrets` property carries them to the secret comparison. `initiate_login_uri` is
 * not passed on (oidc-provider insists on https); the IdP-initiated trigger reads it.
 * `kit_loopback_any_port` carries `loopback_redirect_any_port` to the redirect checks.
 */
export function findClientMetadata(db: Db, clientId: string): AdapterPayload | undefined {
  const client = findClient(db, clientId)
  if (!client) return undefined
  const { data } = client
  const secret = client.secrets[0]
  const base: AdapterPayload = {
    client_id: client.clientId,
    client_name: data.name ?? client.clientId,
    ...(secret
      ? { client_secret: secret, token_endpoint_auth_method: 'client_secret_basic' }
      : { token_endpoint_auth_method: 'none' }),
    kit_secrets: client.secrets,
    kit_kind: client.kind,
  }
  if (client.kind !== 'application') {
    // Allowed scopes of M2M and environment clients are `data.scopes`; asking for any
    // other scope is `invalid_scope` (client-scopes.ts, called from provider.ts).
    return { ...base, grant_types: ['client_credentials'], response_types: [], redirect_uris: [] }
  }
  const backchannel = typeof data.backchannel_logout_uri === 'string' && data.backchannel_logout_uri
  const alg = data.id_token_signed_response_alg === 'ES256' ? 'ES256' : 'RS256'
  return {
    ...base,
    grant_types: ['authorization_code', 'refresh_token', ...(secret ? ['client_credentials'] : [])],
    response_types: ['code'],
    redirect_uris: stringList(data.redirect_uris),
    post_logout_redirect_uris: stringList(data.post_logout_redirect_uris),
    kit_loopback_any_port: data.loopback_redirect_any_port === true,
    id_token_signed_response_alg: alg,
    ...(backchannel
      ? { backchannel_logout_uri: backchannel, backchannel_logout_session_required: true }
      : {}),
  }
}
