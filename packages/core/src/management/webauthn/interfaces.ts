import type { Timestamp } from '../wire-values.js'

/** The authenticator model behind a passkey. */
export interface Authenticator {
  aaguid?: string
  name?: string
  attachment?: string
  iconDark?: string
  iconLight?: string
}

/** Flags reported at registration. */
export interface AuthenticatorFlags {
  userPresent?: boolean
  userVerified?: boolean
  backupEligible?: boolean
  backupState?: boolean
}

/** The browser that registered the passkey. */
export interface CredentialUserAgent {
  raw?: string
  url?: string
  browser?: string
  browserVersion?: string
  os?: string
  osVersion?: string
  deviceType?: string
  deviceModel?: string
}

/** Where the passkey was registered from. */
export interface CredentialClientInfo {
  ip?: string
  region?: string
  regionSubdivision?: string
  city?: string
}

/** A registered passkey of a user. */
export interface WebAuthnCredential {
  id: string
  userId: string
  /** Raw credential id, base64 as sent by the API (proto `bytes`). */
  credentialId?: string
  attestationType?: string
  authenticator?: Authenticator
  transports?: string[]
  authenticatorFlags?: AuthenticatorFlags
  createdAt?: Timestamp
  updatedAt?: Timestamp
  userAgent?: CredentialUserAgent
  clientInfo?: CredentialClientInfo
  displayName?: string | null
}

/** Input for the browser's `PublicKeyCredential.signalAllAcceptedCredentials`. */
export interface AllAcceptedCredentialsOptions {
  rpId?: string
  userId?: string
  allAcceptedCredentialIds?: string[]
}

/** Input for the browser's `PublicKeyCredential.signalUnknownCredential`. */
export interface UnknownCredentialOptions {
  rpId?: string
  credentialId?: string
}

/** A user's passkeys. */
export interface ListCredentialsResponse {
  credentials: WebAuthnCredential[]
  allAcceptedCredentialsOptions?: AllAcceptedCredentialsOptions
}

/** Result of `updateCredential`. */
export interface UpdateCredentialResponse {
  credential: WebAuthnCredential
}

/** Result of `deleteCredential`. */
export interface DeleteCredentialResponse {
  success: boolean
  unknownCredentialOptions?: UnknownCredentialOptions
}
