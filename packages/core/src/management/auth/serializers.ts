import { toWire } from '../wire-case.js'
import type { LoginUserDetails } from './interfaces.js'

/** `LoginUserDetails` -> wire JSON (`{}` when none). */
export function serializeLoginUserDetails(user: LoginUserDetails | undefined) {
  return toWire(user ?? {})
}
