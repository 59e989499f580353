import { toNumber } from '../wire-values.js'
import type { M2MClient } from './interfaces.js'

/** int64 `expiry` arrives as a decimal string; the model holds a number. */
export function withExpiryNumber(client: M2MClient): M2MClient {
  return client.expiry === undefined ? client : { ...client, expiry: toNumber(client.expiry) }
}

/** `plain_secret` is left out when empty; the answer always holds a string. */
export function plainSecretOf(answer: { plainSecret?: unknown }): string {
  return String(answer.plainSecret ?? '')
}
