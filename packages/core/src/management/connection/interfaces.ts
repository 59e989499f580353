import type { Domain } from '../domain/interfaces.js'
import type { RequestOptions } from '../transport.js'
import type { Timestamp } from '../wire-values.js'

/**
 * Identity providers the environment knows. The API has two enums with these members
 * (`ConnectionProvider`, `IdentityProviderType`) that differ only in their unset value.
 */
export type IdentityProviderName =
  | 'OKTA'
  | 'GOOGLE'
  | 'MICROSOFT_AD'
  | 'AUTH0'
  | 'ONELOGIN'
  | 'PING_IDENTITY'
  | 'JUMPCLOUD'
  | 'CUSTOM'
  | 'GITHUB'
  | 'GITLAB'
  | 'LINKEDIN'
  | 'SALESFORCE'
  | 'MICROSOFT'
  | 'IDP_SIMULATOR'
  | 'SCALEKIT'
  | 'ADFS'

/** Identity provider behind a connection. */
export type ConnectionProvider = 'CONNECTION_PROVIDER_UNSPECIFIED' | IdentityProviderName

/** Protocol of a connection. */
export type ConnectionType =
  | 'INVALID'
  | 'OIDC'
  | 'SAML'
  | 'PASSWORD'
  | 'OAUTH'
  | 'PASSWORDLESS'
  | 'BASIC'
  | 'BEARER'
  | 'API_KEY'
  | 'WEBAUTHN'
  | 'OAUTH_M2M'
  | 'TRELLO_OAUTH1'
  | 'GOOGLE_DWD'
  | 'TRUSTED_IDP'
  | 'SMART_FHIR'
  | 'NO_AUTH'

/** Set-up progress of a connection. */
export type ConnectionStatus =
  | 'CONNECTION_STATUS_UNSPECIFIED'
  | 'DRAFT'
  | 'IN_PROGRESS'
  | 'COMPLETED'
/** Whether the IdP settings were discovered or typed in. */
export type ConfigurationType = 'CONFIGURATION_TYPE_UNSPECIFIED' | 'DISCOVERY' | 'MANUAL'
/** OIDC scopes a connection requests. */
export type OidcScope =
  | 'OIDC_SCOPE_UNSPECIFIED'
  | 'openid'
  | 'profile'
  | 'email'
  | 'address'
  | 'phone'
/** How the client authenticates at the IdP's token endpoint. */
export type TokenAuthType = 'TOKEN_AUTH_TYPE_UNSPECIFIED' | 'URL_PARAMS' | 'BASIC_AUTH'
/** SAML NameID format. */
export type NameIdFormat =
  | 'NAME_ID_FORMAT_NIL'
  | 'UNSPECIFIED'
  | 'EMAIL'
  | 'TRANSIENT'
  | 'PERSISTENT'
/** SAML request binding. */
export type RequestBinding = 'REQUEST_BINDING_UNSPECIFIED' | 'HTTP_POST' | 'HTTP_REDIRECT'
/** What the IdP signs in SAML. */
export type SamlSigningOptions =
  | 'SAML_SIGNING_OPTIONS_UNSPECIFIED'
  | 'NO_SIGNING'
  | 'SAML_ONLY_RESPONSE_SIGNING'
  | 'SAML_ONLY_ASSERTION_SIGNING'
  | 'SAML_RESPONSE_ASSERTION_SIGNING'
  | 'SAML_RESPONSE_OR_ASSERTION_SIGNING'
/** Passwordless method of a passwordless connection. */
export type ConnectionPasswordlessType =
  | 'PasswordlessType_UNSPECIFIED'
  | 'LINK'
  | 'OTP'
  | 'LINK_OTP'
/** Alphabet of one-time codes. */
export type CodeChallengeType = 'CODE_CHALLENGE_TYPE_UNSPECIFIED' | 'NUMERIC' | 'ALPHANUMERIC'

/** OIDC settings (wrapper fields are the bare value or null). */
export interface OidcConnectionConfig {
  issuer?: string | null
  discoveryEndpoint?: string | null
  authorizeUri?: string | null
  tokenUri?: string | null
  userInfoUri?: string | null
  jwksUri?: string | null
  clientId?: string | null
  clientSecret?: string | null
  scopes?: OidcScope[]
  tokenAuthType?: TokenAuthType
  redirectUri?: string
  pkceEnabled?: boolean | null
  idpLogoutRequired?: boolean | null
  postLogoutRedirectUri?: string | null
  backchannelLogoutRedirectUri?: string | null
  syncUserProfileOnLogin?: boolean | null
  jitProvisioningWithSsoEnabled?: boolean | null
}

/** A signing certificate of a SAML IdP. */
export interface IdpCertificate {
  certificate: string
  createTime?: Timestamp
  expiryTime?: Timestamp
  id: string
  issuer?: string
}

/** SAML settings common to request and response. */
interface SamlConnectionConfigBase {
  idpMetadataUrl?: string | null
  idpEntityId?: string | null
  idpSsoUrl?: string | null
  idpSloUrl?: string | null
  uiButtonTitle?: string | null
  idpNameIdFormat?: NameIdFormat
  idpSsoRequestBinding?: RequestBinding
  idpSloRequestBinding?: RequestBinding
  samlSigningOption?: SamlSigningOptions
  forceAuthn?: boolean | null
  defaultRedirectUri?: string | null
  assertionEncrypted?: boolean | null
  wantRequestSigned?: boolean | null
  certificateId?: string | null
  idpSloRequired?: boolean | null
  spSloUrl?: string | null
  syncUserProfileOnLogin?: boolean | null
  jitProvisioningWithSsoEnabled?: boolean | null
}

/** SAML settings as returned. */
export interface SamlConnectionConfigResponse extends SamlConnectionConfigBase {
  spEntityId?: string
  spAssertionUrl?: string
  spMetadataUrl?: string
  idpCertificates?: IdpCertificate[]
  allowIdpInitiatedLogin?: boolean | null
}

/** SAML settings to update. */
export interface SamlConnectionConfigRequest extends SamlConnectionConfigBase {
  idpCertificate?: string | null
  spEntityId?: string | null
  spAssertionUrl?: string | null
}

/** OAuth (social or app) settings. */
export interface OAuthConnectionConfig {
  authorizeUri?: string | null
  tokenUri?: string | null
  userInfoUri?: string | null
  clientId?: string | null
  clientSecret?: string | null
  scopes?: string[]
  redirectUri?: string
  pkceEnabled?: boolean | null
  prompt?: string | null
  usePlatformCreds?: boolean | null
  accessType?: string | null
  customScopeName?: string | null
  syncUserProfileOnLogin?: boolean | null
  tokenAccessType?: string | null
  tenantId?: string | null
  isCimd?: boolean | null
  appName?: string | null
  optionalScopes?: { scopes?: string[]; fieldName?: string }
  extensions?: {
    smart?: { aud?: string; domain?: string }
    extraAuthorizeParams?: Record<string, string>
  }
}

/** Passwordless settings. */
export interface PasswordlessConfig {
  type?: ConnectionPasswordlessType
  frequency?: number | null
  validity?: number | null
  enforceSameBrowserOrigin?: boolean | null
  codeChallengeLength?: number | null
  codeChallengeType?: CodeChallengeType
  regeneratePasswordlessCredentialsOnResend?: boolean | null
}

/** Static credentials (free JSON). */
export interface StaticAuthConfig {
  staticConfig?: Record<string, unknown>
}

/** Passkey settings (durations are proto Duration strings such as `"300s"`). */
export interface WebAuthnConfiguration {
  rp?: { ids?: string[]; origins?: string[] }
  attestation?: { conveyancePreference?: string | null; enterpriseApprovedIds?: string[] }
  authenticators?: {
    validateEntry?: boolean | null
    validateEntryPermitZeroAaguid?: boolean | null
    validateAnchors?: boolean | null
    validateStatus?: boolean | null
    validateAttestationType?: boolean | null
    desiredAuthenticatorStatus?: string[]
    undesiredAuthenticatorStatus?: string[]
  }
  authenticatorSelection?: {
    userVerification?: string | null
    authenticatorAttachment?: string | null
  }
  timeout?: { registration?: string; registrationUvd?: string; login?: string; loginUvd?: string }
  enableAutoRegistration?: boolean
  showPasskeyButton?: boolean
  enableConditionalLogin?: boolean
}

/** Google domain-wide delegation settings. */
export interface GoogleDwdConfig {
  serviceAccountJson?: string | null
  scopes?: string[]
  tokenUri?: string | null
}

/** A connection with its full settings (one of the `*Config` fields is set). */
export interface Connection {
  id: string
  provider?: ConnectionProvider
  type?: ConnectionType
  status?: ConnectionStatus
  enabled: boolean
  debugEnabled?: boolean
  organizationId?: string | null
  uiButtonTitle?: string
  configurationType?: ConfigurationType
  testConnectionUri?: string
  attributeMapping?: Record<string, string>
  createTime?: Timestamp
  updateTime?: Timestamp
  oidcConfig?: OidcConnectionConfig
  samlConfig?: SamlConnectionConfigResponse
  oauthConfig?: OAuthConnectionConfig
  passwordlessConfig?: PasswordlessConfig
  staticConfig?: StaticAuthConfig
  webauthnConfig?: WebAuthnConfiguration
  googleDwdConfig?: GoogleDwdConfig
  keyId?: string | null
  providerKey?: string
  domains?: Domain[]
  mcpServerUrl?: string | null
}

/** A connection as listed (summary). */
export interface ListConnection {
  id: string
  provider?: ConnectionProvider
  type?: ConnectionType
  status?: ConnectionStatus
  enabled: boolean
  organizationId?: string
  uiButtonTitle?: string
  domains?: string[]
  organizationName?: string
  providerKey?: string
  keyId?: string
  createdAt?: Timestamp
  mcpServerUrl?: string
}

/** Fields to create a connection with. */
export interface CreateConnection {
  provider?: ConnectionProvider
  type?: ConnectionType
  providerKey?: string
  keyId?: string
}

/** Fields to change on a connection. */
export interface UpdateConnection {
  provider?: ConnectionProvider
  type?: ConnectionType
  debugEnabled?: boolean | null
  uiButtonTitle?: string | null
  configurationType?: ConfigurationType
  attributeMapping?: Record<string, string>
  oidcConfig?: OidcConnectionConfig
  samlConfig?: SamlConnectionConfigRequest
  oauthConfig?: OAuthConnectionConfig
  passwordlessConfig?: PasswordlessConfig
  staticConfig?: StaticAuthConfig
  webauthnConfig?: WebAuthnConfiguration
  googleDwdConfig?: GoogleDwdConfig
  keyId?: string
  providerKey?: string
}

/** Flags of an environment-level connection. */
export interface ConnectionFlags {
  isLogin?: boolean
  isApp?: boolean
}

/** Options of `listConnections` / `listConnectionsByDomain`. */
export interface ListConnectionsOptions extends RequestOptions {
  /** `'all'` to include disabled connections. */
  include?: string
}

/** Connections of an organization or domain (not paginated). */
export interface ListConnectionsResponse {
  connections: ListConnection[]
}

/** Options of `listAppConnections`. */
export interface ListAppConnectionsOptions extends RequestOptions {
  pageSize?: number
  pageToken?: string
  /** Provider key filter, e.g. `'HUBSPOT'`. */
  provider?: string
}

/** A page of app connections. */
export interface ListAppConnectionsResponse {
  connections: ListConnection[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/** Result of the get, create and update methods. */
export interface ConnectionResponse {
  connection: Connection
}
/** Result of `getConnection` / `getEnvironmentConnection`. */
export type GetConnectionResponse = ConnectionResponse
/** Result of `createConnection` / `createEnvironmentConnection`. */
export type CreateConnectionResponse = ConnectionResponse
/** Result of `updateEnvironmentConnection`. */
export type UpdateConnectionResponse = ConnectionResponse

/** Result of enable/disable. */
export interface ToggleConnectionResponse {
  enabled: boolean
  errorMessage?: string | null
}

/** Options of `createEnvironmentConnection`. */
export interface CreateEnvironmentConnectionOptions extends RequestOptions {
  flags?: ConnectionFlags
}
