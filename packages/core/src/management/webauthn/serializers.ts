import { fromWire } from '../wire-case.js'
import { asObject, toArray } from '../wire-values.js'
import type {
  DeleteCredentialResponse,
  ListCredentialsResponse,
  UpdateCredentialResponse,
  WebAuthnCredential,
} from './interfaces.js'

/** Wire JSON -> `WebAuthnCredential`. */
export function deserializeWebAuthnCredential(wire: unknown): WebAuthnCredential {
  return fromWire<WebAuthnCredential>(asObject(wire))
}

/** Wire JSON -> `ListCredentialsResponse`. */
export function deserializeListCredentialsResponse(wire: unknown): ListCredentialsResponse {
  const w = asObject(wire)
  const out: ListCredentialsResponse = {
    credentials: toArray(w.credentials as unknown[] | undefined).map(deserializeWebAuthnCredential),
  }
  if (w.all_accepted_credentials_options) {
    out.allAcceptedCredentialsOptions = fromWire(w.all_accepted_credentials_options)
  }
  return out
}

/** `{ credential }` -> `UpdateCredentialResponse`. */
export function deserializeUpdateCredentialResponse(wire: unknown): UpdateCredentialResponse {
  return { credential: deserializeWebAuthnCredential(asObject(wire).credential) }
}

/** Wire JSON -> `DeleteCredentialResponse`. */
export function deserializeDeleteCredentialResponse(wire: unknown): DeleteCredentialResponse {
  const w = fromWire<DeleteCredentialResponse>(asObject(wire))
  return { ...w, success: w.success === true }
}
