import type { RequestOptions, Transport } from '../transport.js'
import type {
  SendPasswordlessEmailOptions,
  SendPasswordlessResponse,
  VerifyPasswordLessResponse,
  VerifyPasswordlessEmailOptions,
} from './interfaces.js'
import {
  deserializeSendPasswordlessResponse,
  deserializeVerifyPasswordlessResponse,
  serializeSendPasswordless,
  serializeVerifyPasswordless,
} from './serializers.js'

/** Creates the `passwordless` namespace: email codes and magic links sent by the environment. */
export function createPasswordlessApi(t: Transport) {
  return {
    /**
     * Emails a one-time code and/or magic link.
     *
     * @example
     * ```ts
     * const { authRequestId } = await kit.passwordless.sendPasswordlessEmail('dana@initech.com', {
     *   magiclinkAuthUri: 'https://app.example.com/passwordless/verify', expiresIn: 600,
     * })
     * ```
     */
    async sendPasswordlessEmail(
      email: string,
      options: SendPasswordlessEmailOptions = {},
    ): Promise<SendPasswordlessResponse> {
      const { signal, timeoutMs, ...fields } = options
      const body = serializeSendPasswordless(email, fields)
      const wire = await t.request(
        { method: 'POST', path: '/api/v1/passwordless/email/send', body },
        { signal, timeoutMs },
      )
      return deserializeSendPasswordlessResponse(wire)
    },

    /**
     * Checks a code (with its `authRequestId`) or a magic-link token; resolves with the
     * verified email, rejects with `BadRequestError` when wrong or expired.
     *
     * @example
     * ```ts
     * const { email } = await kit.passwordless.verifyPasswordlessEmail({ code: '123456', authRequestId })
     * ```
     */
    async verifyPasswordlessEmail(
      options: VerifyPasswordlessEmailOptions = {},
    ): Promise<VerifyPasswordLessResponse> {
      const { signal, timeoutMs, ...fields } = options
      const body = serializeVerifyPasswordless(fields)
      const wire = await t.request(
        { method: 'POST', path: '/api/v1/passwordless/email/verify', body },
        { signal, timeoutMs },
      )
      return deserializeVerifyPasswordlessResponse(wire)
    },

    /** Sends the email of an auth request again. */
    async resendPasswordlessEmail(
      authRequestId: string,
      options?: RequestOptions,
    ): Promise<SendPasswordlessResponse> {
      const body = { auth_request_id: authRequestId }
      const wire = await t.request(
        { method: 'POST', path: '/api/v1/passwordless/email/resend', body },
        options,
      )
      return deserializeSendPasswordlessResponse(wire)
    },
  }
}

/** The `passwordless` namespace of the management API. */
export type PasswordlessApi = ReturnType<typeof createPasswordlessApi>
