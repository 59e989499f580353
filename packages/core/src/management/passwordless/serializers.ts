import { KitError } from '../../errors.js'
import { fromWire, toWire } from '../wire-case.js'
import { asObject, toNumber } from '../wire-values.js'
import type {
  SendPasswordlessEmailOptions,
  SendPasswordlessResponse,
  VerifyPasswordLessResponse,
  VerifyPasswordlessEmailOptions,
} from './interfaces.js'

/** Wire JSON -> `SendPasswordlessResponse` (int64 `expires_at` as a number). */
export function deserializeSendPasswordlessResponse(wire: unknown): SendPasswordlessResponse {
  const w = asObject(wire)
  return {
    ...fromWire<SendPasswordlessResponse>(w),
    expiresAt: toNumber(w.expires_at),
    expiresIn: toNumber(w.expires_in),
  }
}

/** Wire JSON -> `VerifyPasswordLessResponse`. */
export function deserializeVerifyPasswordlessResponse(wire: unknown): VerifyPasswordLessResponse {
  return fromWire<VerifyPasswordLessResponse>(asObject(wire))
}

/** The send request body. */
export function serializeSendPasswordless(
  email: string,
  fields: Omit<SendPasswordlessEmailOptions, 'signal' | 'timeoutMs'>,
) {
  return toWire({ email, ...fields })
}

/** The verify request body; rejects a call with neither `code` nor `linkToken` before sending. */
export function serializeVerifyPasswordless(
  fields: Omit<VerifyPasswordlessEmailOptions, 'signal' | 'timeoutMs'>,
) {
  if (!fields.code && !fields.linkToken) {
    throw new KitError('ERR_KIT_CONFIG', 'verifyPasswordlessEmail: pass a code or a linkToken')
  }
  return toWire(fields)
}
