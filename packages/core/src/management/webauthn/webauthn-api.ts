import { pathFor } from '../route-path.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  DeleteCredentialResponse,
  ListCredentialsResponse,
  UpdateCredentialResponse,
} from './interfaces.js'
import {
  deserializeDeleteCredentialResponse,
  deserializeListCredentialsResponse,
  deserializeUpdateCredentialResponse,
} from './serializers.js'

/** Creates the `webauthn` namespace: users' registered passkeys. */
export function createWebauthnApi(t: Transport) {
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
      const wire = await t.request(
        { method: 'GET', path: '/api/v1/webauthn/credentials', query },
        options,
      )
      return deserializeListCredentialsResponse(wire)
    },

    /** Renames a passkey. */
    async updateCredential(
      credentialId: string,
      displayName: string,
      options?: RequestOptions,
    ): Promise<UpdateCredentialResponse> {
      const path = pathFor`/api/v1/webauthn/credentials/${{ credentialId }}`
      const body = { display_name: displayName }
      return deserializeUpdateCredentialResponse(
        await t.request({ method: 'PATCH', path, body }, options),
      )
    },

    /** Deletes a passkey; pass `unknownCredentialOptions` to the browser so it forgets it too. */
    async deleteCredential(
      credentialId: string,
      options?: RequestOptions,
    ): Promise<DeleteCredentialResponse> {
      const path = pathFor`/api/v1/webauthn/credentials/${{ credentialId }}`
      return deserializeDeleteCredentialResponse(
        await t.request({ method: 'DELETE', path }, options),
      )
    },
  }
}

/** The `webauthn` namespace of the management API. */
export type WebauthnApi = ReturnType<typeof createWebauthnApi>
