// The one place a management route is written down. The client's methods take their
// verb, path and query keys from here, the emulator's router serves these rows, and the
// tests check both against them and the vendored reference (test/fixtures/seed-api.json),
// so the three cannot disagree. This file imports nothing: the emulator bundles it at
// build time without depending on @kit/core.
//
// A row: `method` and `path` (path parameters in braces, named as on the wire; the
// client's argument is their camelCase), `query` (the wire query keys the method may
// send), `body` (the JSON body as the reference names it, absent when none is sent) and
// `response`, the wire envelope: `empty` (nothing to return), `message` (the whole JSON
// object), `resource` (one model under `key`), `list` (an array under `key`) or `page`
// (an array under `key` plus the page cursor).

/** HTTP verbs the management API uses. */
export type ManagementHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** The wire envelope of a route's response. */
export type ManagementResponseShape =
  | { readonly kind: 'empty' }
  | { readonly kind: 'message' }
  | { readonly kind: 'resource' | 'list' | 'page'; readonly key: string }

/** One row of the management route table. */
export interface ManagementRoute {
  readonly method: ManagementHttpMethod
  /** Path below the environment URL, parameters as `{snake_name}`. */
  readonly path: string
  /** Wire query keys the method may send. */
  readonly query?: readonly string[]
  /** The JSON body as the reference names it (`user`, `*`, ...); absent: no body. */
  readonly body?: string
  readonly response: ManagementResponseShape
}

const EMPTY = { kind: 'empty' } as const
const MESSAGE = { kind: 'message' } as const
const PAGE = ['page_size', 'page_token'] as const

/**
 * Every management method (`group.method`, as `kit.<group>.<method>`) and its REST route.
 *
 * @example
 * ```ts
 * const { method, path } = MANAGEMENT_ROUTES['users.getUser'] // 'GET', '/api/v1/users/{user_id}'
 * ```
 */
export const MANAGEMENT_ROUTES = {
  // organization
  'organization.listOrganizations': {
    method: 'GET',
    path: '/api/v1/organizations',
    query: [...PAGE, 'external_id'],
    response: { kind: 'page', key: 'organizations' },
  },
  'organization.createOrganization': {
    method: 'POST',
    path: '/api/v1/organizations',
    body: 'organization',
    response: { kind: 'resource', key: 'organization' },
  },
  'organization.getOrganization': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}',
    response: { kind: 'resource', key: 'organization' },
  },
  'organization.getOrganizationByExternalId': {
    method: 'GET',
    path: '/api/v1/organizations:external/{external_id}',
    response: { kind: 'resource', key: 'organization' },
  },
  'organization.updateOrganization': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}',
    body: 'organization',
    response: { kind: 'resource', key: 'organization' },
  },
  'organization.deleteOrganization': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}',
    response: EMPTY,
  },
  'organization.generatePortalLink': {
    method: 'PUT',
    path: '/api/v1/organizations/{organization_id}/portal_links',
    query: ['features'],
    response: { kind: 'resource', key: 'link' },
  },

  // connection
  'connection.listConnections': {
    method: 'GET',
    path: '/api/v1/connections',
    query: ['organization_id', 'include'],
    response: { kind: 'list', key: 'connections' },
  },
  'connection.listConnectionsByDomain': {
    method: 'GET',
    path: '/api/v1/connections',
    query: ['domain', 'include'],
    response: { kind: 'list', key: 'connections' },
  },
  'connection.getConnection': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/connections/{connection_id}',
    response: { kind: 'resource', key: 'connection' },
  },
  'connection.createConnection': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/connections',
    body: 'connection',
    response: { kind: 'resource', key: 'connection' },
  },
  'connection.enableConnection': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}/connections/{connection_id}:enable',
    response: MESSAGE,
  },
  'connection.disableConnection': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}/connections/{connection_id}:disable',
    response: MESSAGE,
  },
  'connection.deleteConnection': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}/connections/{connection_id}',
    response: EMPTY,
  },
  'connection.listAppConnections': {
    method: 'GET',
    path: '/api/v1/connections/app',
    query: [...PAGE, 'provider'],
    response: { kind: 'page', key: 'connections' },
  },
  'connection.getEnvironmentConnection': {
    method: 'GET',
    path: '/api/v1/connections/{connection_id}',
    response: { kind: 'resource', key: 'connection' },
  },
  'connection.createEnvironmentConnection': {
    method: 'POST',
    path: '/api/v1/connections',
    query: ['flags.is_login', 'flags.is_app'],
    body: 'connection',
    response: { kind: 'resource', key: 'connection' },
  },
  'connection.updateEnvironmentConnection': {
    method: 'PATCH',
    path: '/api/v1/connections/{connection_id}',
    body: 'connection',
    response: { kind: 'resource', key: 'connection' },
  },

  // domain
  'domain.createDomain': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/domains',
    body: 'domain',
    response: { kind: 'resource', key: 'domain' },
  },
  'domain.listDomains': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/domains',
    query: ['domain_type'],
    response: { kind: 'list', key: 'domains' },
  },
  'domain.getDomain': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/domains/{domain_id}',
    response: { kind: 'resource', key: 'domain' },
  },
  'domain.deleteDomain': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}/domains/{domain_id}',
    response: EMPTY,
  },

  // directory
  'directory.listDirectories': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/directories',
    response: { kind: 'list', key: 'directories' },
  },
  'directory.getDirectory': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}',
    response: { kind: 'resource', key: 'directory' },
  },
  'directory.createDirectory': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/directories',
    body: 'directory',
    response: { kind: 'resource', key: 'directory' },
  },
  'directory.listDirectoryUsers': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}/users',
    query: [...PAGE, 'include_detail', 'updated_after', 'directory_group_id'],
    response: { kind: 'page', key: 'users' },
  },
  'directory.listDirectoryGroups': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}/groups',
    query: [...PAGE, 'include_detail', 'updated_after', 'include_external_groups'],
    response: { kind: 'page', key: 'groups' },
  },
  'directory.enableDirectory': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}:enable',
    response: MESSAGE,
  },
  'directory.disableDirectory': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}:disable',
    response: MESSAGE,
  },
  'directory.deleteDirectory': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}/directories/{directory_id}',
    response: EMPTY,
  },

  // users
  'users.listUsers': {
    method: 'GET',
    path: '/api/v1/users',
    query: PAGE,
    response: { kind: 'page', key: 'users' },
  },
  'users.listOrganizationUsers': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/users',
    query: PAGE,
    response: { kind: 'page', key: 'users' },
  },
  'users.getUser': {
    method: 'GET',
    path: '/api/v1/users/{user_id}',
    response: { kind: 'resource', key: 'user' },
  },
  'users.getUserByExternalId': {
    method: 'GET',
    path: '/api/v1/users:external/{external_id}',
    response: { kind: 'resource', key: 'user' },
  },
  'users.createUserAndMembership': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/users',
    query: ['send_invitation_email'],
    body: 'user',
    response: { kind: 'resource', key: 'user' },
  },
  'users.updateUser': {
    method: 'PATCH',
    path: '/api/v1/users/{user_id}',
    body: 'user',
    response: { kind: 'resource', key: 'user' },
  },
  'users.deleteUser': {
    method: 'DELETE',
    path: '/api/v1/users/{user_id}',
    response: EMPTY,
  },
  'users.createMembership': {
    method: 'POST',
    path: '/api/v1/memberships/organizations/{organization_id}/users/{user_id}',
    query: ['send_invitation_email'],
    body: 'membership',
    response: { kind: 'resource', key: 'user' },
  },
  'users.updateMembership': {
    method: 'PATCH',
    path: '/api/v1/memberships/organizations/{organization_id}/users/{user_id}',
    body: 'membership',
    response: { kind: 'resource', key: 'user' },
  },
  'users.deleteMembership': {
    method: 'DELETE',
    path: '/api/v1/memberships/organizations/{organization_id}/users/{user_id}',
    query: ['cascade'],
    response: EMPTY,
  },
  'users.resendInvite': {
    method: 'PATCH',
    path: '/api/v1/invites/organizations/{organization_id}/users/{user_id}/resend',
    response: { kind: 'resource', key: 'invite' },
  },

  // roles
  'roles.listRoles': {
    method: 'GET',
    path: '/api/v1/roles',
    query: ['include'],
    response: { kind: 'list', key: 'roles' },
  },
  'roles.getRole': {
    method: 'GET',
    path: '/api/v1/roles/{role_name}',
    query: ['include'],
    response: { kind: 'resource', key: 'role' },
  },
  'roles.createRole': {
    method: 'POST',
    path: '/api/v1/roles',
    body: 'role',
    response: { kind: 'resource', key: 'role' },
  },
  'roles.updateRole': {
    method: 'PUT',
    path: '/api/v1/roles/{role_name}',
    body: 'role',
    response: { kind: 'resource', key: 'role' },
  },
  'roles.deleteRole': {
    method: 'DELETE',
    path: '/api/v1/roles/{role_name}',
    query: ['reassign_role_name'],
    response: EMPTY,
  },
  'roles.getRoleUsersCount': {
    method: 'GET',
    path: '/api/v1/roles/{role_name}/users:count',
    response: MESSAGE,
  },
  'roles.listOrganizationRoles': {
    method: 'GET',
    path: '/api/v1/organizations/{org_id}/roles',
    query: ['include'],
    response: { kind: 'list', key: 'roles' },
  },
  'roles.createOrganizationRole': {
    method: 'POST',
    path: '/api/v1/organizations/{org_id}/roles',
    body: 'role',
    response: { kind: 'resource', key: 'role' },
  },
  'roles.getOrganizationRole': {
    method: 'GET',
    path: '/api/v1/organizations/{org_id}/roles/{role_name}',
    response: { kind: 'resource', key: 'role' },
  },
  'roles.updateOrganizationRole': {
    method: 'PUT',
    path: '/api/v1/organizations/{org_id}/roles/{role_name}',
    body: 'role',
    response: { kind: 'resource', key: 'role' },
  },
  'roles.deleteOrganizationRole': {
    method: 'DELETE',
    path: '/api/v1/organizations/{org_id}/roles/{role_name}',
    query: ['reassign_role_name'],
    response: EMPTY,
  },

  // permissions
  'permissions.listPermissions': {
    method: 'GET',
    path: '/api/v1/permissions',
    query: ['page_token', 'page_size', 'type'],
    response: { kind: 'page', key: 'permissions' },
  },
  'permissions.getPermission': {
    method: 'GET',
    path: '/api/v1/permissions/{permission_name}',
    response: { kind: 'resource', key: 'permission' },
  },
  'permissions.createPermission': {
    method: 'POST',
    path: '/api/v1/permissions',
    body: 'permission',
    response: { kind: 'resource', key: 'permission' },
  },
  'permissions.updatePermission': {
    method: 'PUT',
    path: '/api/v1/permissions/{permission_name}',
    body: 'permission',
    response: { kind: 'resource', key: 'permission' },
  },
  'permissions.deletePermission': {
    method: 'DELETE',
    path: '/api/v1/permissions/{permission_name}',
    response: EMPTY,
  },
  'permissions.listRolePermissions': {
    method: 'GET',
    path: '/api/v1/roles/{role_name}/permissions',
    response: { kind: 'list', key: 'permissions' },
  },
  'permissions.addPermissionsToRole': {
    method: 'POST',
    path: '/api/v1/roles/{role_name}/permissions',
    body: '{permission_names}',
    response: { kind: 'list', key: 'permissions' },
  },
  'permissions.removePermissionFromRole': {
    method: 'DELETE',
    path: '/api/v1/roles/{role_name}/permissions/{permission_name}',
    response: EMPTY,
  },
  'permissions.listEffectiveRolePermissions': {
    method: 'GET',
    path: '/api/v1/roles/{role_name}/permissions:all',
    response: { kind: 'list', key: 'permissions' },
  },

  // passwordless
  'passwordless.sendPasswordlessEmail': {
    method: 'POST',
    path: '/api/v1/passwordless/email/send',
    body: '*',
    response: MESSAGE,
  },
  'passwordless.verifyPasswordlessEmail': {
    method: 'POST',
    path: '/api/v1/passwordless/email/verify',
    body: '*',
    response: MESSAGE,
  },
  'passwordless.resendPasswordlessEmail': {
    method: 'POST',
    path: '/api/v1/passwordless/email/resend',
    body: '*',
    response: MESSAGE,
  },

  // webauthn
  'webauthn.listCredentials': {
    method: 'GET',
    path: '/api/v1/webauthn/credentials',
    query: ['user_id'],
    response: { kind: 'list', key: 'credentials' },
  },
  'webauthn.updateCredential': {
    method: 'PATCH',
    path: '/api/v1/webauthn/credentials/{credential_id}',
    body: '*',
    response: { kind: 'resource', key: 'credential' },
  },
  'webauthn.deleteCredential': {
    method: 'DELETE',
    path: '/api/v1/webauthn/credentials/{credential_id}',
    response: MESSAGE,
  },

  // auth
  'auth.updateLoginUserDetails': {
    method: 'POST',
    path: '/api/v1/connections/{connection_id}/auth-requests/{login_request_id}/user',
    body: 'user',
    response: EMPTY,
  },

  // sessions
  'sessions.getSession': {
    method: 'GET',
    path: '/api/v1/sessions/{session_id}',
    response: MESSAGE,
  },
  'sessions.getUserSessions': {
    method: 'GET',
    path: '/api/v1/users/{user_id}/sessions',
    query: [...PAGE, 'filter.status', 'filter.start_time', 'filter.end_time'],
    response: { kind: 'page', key: 'sessions' },
  },
  'sessions.revokeSession': {
    method: 'POST',
    path: '/api/v1/sessions/{session_id}/revoke',
    response: { kind: 'resource', key: 'revoked_session' },
  },
  'sessions.revokeAllUserSessions': {
    method: 'POST',
    path: '/api/v1/users/{user_id}/sessions/revoke',
    response: { kind: 'list', key: 'revoked_sessions' },
  },

  // m2mClient
  'm2mClient.listOrganizationClients': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/clients',
    query: PAGE,
    response: { kind: 'page', key: 'clients' },
  },
  'm2mClient.getOrganizationClient': {
    method: 'GET',
    path: '/api/v1/organizations/{organization_id}/clients/{client_id}',
    response: { kind: 'resource', key: 'client' },
  },
  'm2mClient.createOrganizationClient': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/clients',
    body: 'client',
    response: { kind: 'resource', key: 'client' },
  },
  'm2mClient.updateOrganizationClient': {
    method: 'PATCH',
    path: '/api/v1/organizations/{organization_id}/clients/{client_id}',
    body: 'client',
    response: { kind: 'resource', key: 'client' },
  },
  'm2mClient.deleteOrganizationClient': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}/clients/{client_id}',
    response: EMPTY,
  },
  'm2mClient.addOrganizationClientSecret': {
    method: 'POST',
    path: '/api/v1/organizations/{organization_id}/clients/{client_id}/secrets',
    response: { kind: 'resource', key: 'secret' },
  },
  'm2mClient.removeOrganizationClientSecret': {
    method: 'DELETE',
    path: '/api/v1/organizations/{organization_id}/clients/{client_id}/secrets/{secret_id}',
    response: EMPTY,
  },

  // connectedAccounts
  'connectedAccounts.listConnectedAccounts': {
    method: 'GET',
    path: '/api/v1/connected_accounts',
    query: ['organization_id', 'user_id', 'connector', 'identifier', 'provider', ...PAGE, 'query'],
    response: { kind: 'page', key: 'connected_accounts' },
  },
  'connectedAccounts.getConnectedAccountByIdentifier': {
    method: 'GET',
    path: '/api/v1/connected_accounts/auth',
    query: ['connector', 'identifier', 'organization_id', 'user_id', 'id'],
    response: { kind: 'resource', key: 'connected_account' },
  },
  'connectedAccounts.createConnectedAccount': {
    method: 'POST',
    path: '/api/v1/connected_accounts',
    body: '*',
    response: { kind: 'resource', key: 'connected_account' },
  },
  'connectedAccounts.updateConnectedAccount': {
    method: 'PUT',
    path: '/api/v1/connected_accounts',
    body: '*',
    response: { kind: 'resource', key: 'connected_account' },
  },
  'connectedAccounts.deleteConnectedAccount': {
    method: 'POST',
    path: '/api/v1/connected_accounts:delete',
    body: '*',
    response: EMPTY,
  },
  'connectedAccounts.getMagicLinkForConnectedAccount': {
    method: 'POST',
    path: '/api/v1/connected_accounts/magic_link',
    body: '*',
    response: MESSAGE,
  },

  // actions.providers
  'actions.providers.createCustomProvider': {
    method: 'POST',
    path: '/api/v1/custom-providers',
    body: 'provider',
    response: { kind: 'resource', key: 'provider' },
  },
  'actions.providers.updateCustomProvider': {
    method: 'PATCH',
    path: '/api/v1/custom-providers/{identifier}',
    body: 'provider',
    response: { kind: 'resource', key: 'provider' },
  },
  'actions.providers.listProviders': {
    method: 'GET',
    path: '/api/v1/providers',
    query: ['identifier', ...PAGE, 'filter.provider_type'],
    response: { kind: 'page', key: 'providers' },
  },
  'actions.providers.deleteCustomProvider': {
    method: 'DELETE',
    path: '/api/v1/custom-providers/{identifier}',
    response: EMPTY,
  },
} as const satisfies Record<string, ManagementRoute>

/** A management method's name in the table, e.g. `users.listUsers`. */
export type ManagementMethodName = keyof typeof MANAGEMENT_ROUTES

/** The `{names}` of a path template, e.g. `'organization_id' | 'user_id'`. */
export type PathParameterName<P extends string> = P extends `${string}{${infer N}}${infer Rest}`
  ? N | PathParameterName<Rest>
  : never

/** The path parameter names of a route path, in order (`['organization_id', 'user_id']`). */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string)
}
