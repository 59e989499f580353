import { type AuthApi, createAuthApi } from './auth/auth-api.js'
import {
  type ConnectedAccountsApi,
  createConnectedAccountsApi,
} from './connected-accounts/connected-accounts-api.js'
import { type ConnectionApi, createConnectionApi } from './connection/connection-api.js'
import { createDirectoryApi, type DirectoryApi } from './directory/directory-api.js'
import { createDomainApi, type DomainApi } from './domain/domain-api.js'
import { createM2MClientApi, type M2MClientApi } from './m2m-client/m2m-client-api.js'
import { withMethodNames } from './method-names.js'
import { createOrganizationApi, type OrganizationApi } from './organization/organization-api.js'
import { createPasswordlessApi, type PasswordlessApi } from './passwordless/passwordless-api.js'
import { createPermissionsApi, type PermissionsApi } from './permissions/permissions-api.js'
import { createProvidersApi, type ProvidersApi } from './providers/providers-api.js'
import { createRolesApi, type RolesApi } from './roles/roles-api.js'
import { createTransport, type ManagementApiOptions } from './transport.js'
import { createSessionsApi, type SessionsApi } from './user-sessions/user-sessions-api.js'
import { createUsersApi, type UsersApi } from './users/users-api.js'
import { createWebauthnApi, type WebauthnApi } from './webauthn/webauthn-api.js'

export * from './auth/index.js'
export * from './connected-accounts/index.js'
export * from './connection/index.js'
export * from './directory/index.js'
export * from './domain/index.js'
export * from './errors.js'
export * from './m2m-client/index.js'
export * from './organization/index.js'
export {
  type PageInfo,
  type PageItem,
  type PageTokenOptions,
  type PaginateOptions,
  paginate,
  paginatePages,
} from './paginate.js'
export * from './passwordless/index.js'
export * from './permissions/index.js'
export * from './providers/index.js'
export * from './roles/index.js'
export {
  MANAGEMENT_ROUTES,
  type ManagementHttpMethod,
  type ManagementMethodName,
  type ManagementResponseShape,
  type ManagementRoute,
} from './route-table.js'
export type {
  ApiRequest,
  ManagementApiOptions,
  QueryValue,
  RequestOptions,
  Transport,
} from './transport.js'
export * from './user-sessions/index.js'
export * from './users/index.js'
export * from './webauthn/index.js'
export { fromWire, toWire, type Wire } from './wire-case.js'
export type { PageCursor, Timestamp } from './wire-values.js'

/**
 * Creates the management API client: one namespace per resource group, all sharing one
 * transport (bearer token, retries, timeouts, typed errors). `KitClient` calls this and
 * exposes each namespace (`kit.organization`, ...); use it directly when you only need
 * the management API or bring your own token source. Methods are plain closures, so
 * they can be passed around unbound (e.g. to `paginate`).
 *
 * @example
 * ```ts
 * const api = createManagementApi({
 *   environmentUrl: 'https://acme.example.com',
 *   getAccessToken: (opts) => kit.getClientAccessToken(opts),
 * })
 * const { organization } = await api.organization.getOrganization('org_123')
 * ```
 */
export function createManagementApi(options: ManagementApiOptions): ManagementApi {
  const t = createTransport(options)
  const n = withMethodNames
  return {
    organization: n('organization', createOrganizationApi(t)),
    connection: n('connection', createConnectionApi(t)),
    domain: n('domain', createDomainApi(t)),
    directory: n('directory', createDirectoryApi(t)),
    users: n('users', createUsersApi(t)),
    roles: n('roles', createRolesApi(t)),
    permissions: n('permissions', createPermissionsApi(t)),
    passwordless: n('passwordless', createPasswordlessApi(t)),
    webauthn: n('webauthn', createWebauthnApi(t)),
    auth: n('auth', createAuthApi(t)),
    sessions: n('sessions', createSessionsApi(t)),
    m2mClient: n('m2mClient', createM2MClientApi(t)),
    connectedAccounts: n('connectedAccounts', createConnectedAccountsApi(t)),
    actions: { providers: n('actions.providers', createProvidersApi(t)) },
  }
}

/** Everything `createManagementApi` returns; `KitClient` exposes the same namespaces. */
export interface ManagementApi {
  /** Organizations (tenants) and their portal links. */
  organization: OrganizationApi
  /** SSO, social and app connections. */
  connection: ConnectionApi
  /** Email domains of organizations. */
  domain: DomainApi
  /** SCIM directories and the users and groups they sync. */
  directory: DirectoryApi
  /** Users, memberships and invitations. */
  users: UsersApi
  /** Environment and organization roles. */
  roles: RolesApi
  /** Permissions and their grants to roles. */
  permissions: PermissionsApi
  /** Email one-time codes and magic links. */
  passwordless: PasswordlessApi
  /** Users' passkeys. */
  webauthn: WebauthnApi
  /** Hooks into logins in progress. */
  auth: AuthApi
  /** Users' sign-in sessions. */
  sessions: SessionsApi
  /** Organizations' machine-to-machine clients. */
  m2mClient: M2MClientApi
  /** Third-party accounts connected by users or organizations. */
  connectedAccounts: ConnectedAccountsApi
  /** Agent actions: the connector (provider) catalog. */
  actions: { providers: ProvidersApi }
}
