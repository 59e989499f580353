import { KitError } from '../../errors.js'
import { toNumber } from '../wire-values.js'
import type { SendPasswordlessResponse, VerifyPasswordlessEmailOptions } from './interfaces.js'

/** int64 `expires_at` (and `expires_in`) arrive as strings or not at all; the model holds numbers. */
export function withExpiryNumbers(decoded: unknown): SendPasswordlessResponse {
  const answer = decoded as SendPasswordlessResponse
  return { ...answer, expiresAt: toNumber(answer.expiresAt), expiresIn: toNumber(answer.expiresIn) }
}

/** Refuses a verify call with neither `code` nor `linkToken` before anything is sent. */
export function assertVerifiable(
  fields: Omit<VerifyPasswordlessEmailOptions, 'signal' | 'timeoutMs'>,
) {
  if (!fields.code && !fields.linkToken) {
    throw new KitError('ERR_KIT_CONFIG', 'verifyPasswordlessEmail: pass a code or a linkToken')
  }
}
