import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  DeleteCredentialResponse,
  ListCredentialsResponse,
  UpdateCredentialResponse,
} from './interfaces.js'

/** Creates the `webauthn` namespace: users' registered passkeys. */
export function createWebauthnApi(t: Transport) {
  const call = routeCaller(t)

  return {
    /**
     * Lists a user's passkeys.
     *
     * @example
     * ```ts
     * const { credentials } = await kit.webauthn.listCredentials('usr_123')
     * ```
     */
    async listCredentials(
      userId: string,
      options?: RequestOptions,
    ): Promise<ListCredentialsResponse> {
      const query = { user_id: userId }
      return (await call(
        R['webauthn.listCredentials'],
        { query },
        options,
      )) as ListCredentialsResponse
    },

    /**
     * Renames a passkey.
     *
     * @example
     * ```ts
     * const { credential } = await kit.webauthn.updateCredential('cred_123', 'Work laptop')
     * ```
     */
    async updateCredential(
      credentialId: string,
      displayName: string,
      options?: RequestOptions,
    ): Promise<UpdateCredentialResponse> {
      const input = { path: { credential_id: credentialId }, body: { displayName } }
      return (await call(
        R['webauthn.updateCredential'],
        input,
        options,
      )) as UpdateCredentialResponse
    },

    /**
     * Deletes a passkey; pass `unknownCredentialOptions` to the browser so it forgets it too.
     *
     * @example
     * ```ts
     * const { unknownCredentialOptions } = await kit.webauthn.deleteCredential('cred_123')
     * ```
     */
    async deleteCredential(
      credentialId: string,
      options?: RequestOptions,
    ): Promise<DeleteCredentialResponse> {
      const path = { credential_id: credentialId }
      const answer = await call(R['webauthn.deleteCredential'], { path }, options)
      const decoded = answer as DeleteCredentialResponse
      // proto3 JSON leaves `success: false` out.
      return { ...decoded, success: decoded.success === true }
    },
  }
}

/** The `webauthn` namespace of the management API. */
export type WebauthnApi = ReturnType<typeof createWebauthnApi>
