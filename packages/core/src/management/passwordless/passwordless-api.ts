import { routeCaller } from '../route-call.js'
import { MANAGEMENT_ROUTES as R } from '../route-table.js'
import type { RequestOptions, Transport } from '../transport.js'
import type {
  SendPasswordlessEmailOptions,
  SendPasswordlessResponse,
  VerifyPasswordLessResponse,
  VerifyPasswordlessEmailOptions,
} from './interfaces.js'
import { assertVerifiable, withExpiryNumbers } from './serializers.js'

/** Creates the `passwordless` namespace: email codes and magic links sent by the environment. */
export function createPasswordlessApi(t: Transport) {
  const call = routeCaller(t)

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
      const body = { email, ...fields }
      const answer = await call(
        R['passwordless.sendPasswordlessEmail'],
        { body },
        { signal, timeoutMs },
      )
      return withExpiryNumbers(answer)
    },

    /**
     * Checks a code (with its `authRequestId`) or a magic-link token; resolves with the
     * verified email, rejects with `KitApiBadRequestError` when wrong or expired.
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
      assertVerifiable(fields)
      const route = R['passwordless.verifyPasswordlessEmail']
      return (await call(
        route,
        { body: fields },
        { signal, timeoutMs },
      )) as VerifyPasswordLessResponse
    },

    /**
     * Sends the email of an auth request again.
     *
     * @example
     * ```ts
     * const { expiresAt } = await kit.passwordless.resendPasswordlessEmail(authRequestId)
     * ```
     */
    async resendPasswordlessEmail(
      authRequestId: string,
      options?: RequestOptions,
    ): Promise<SendPasswordlessResponse> {
      const body = { authRequestId }
      return withExpiryNumbers(
        await call(R['passwordless.resendPasswordlessEmail'], { body }, options),
      )
    },
  }
}

/** The `passwordless` namespace of the management API. */
export type PasswordlessApi = ReturnType<typeof createPasswordlessApi>
