/**
 * The token tests' provider: one HostileIdp per test file, closed after the file, with
 * its published key set and JWKS behaviour put back before every test (tests replace
 * `jwks` to rotate keys and set `jwksMode` to break the endpoint).
 */
import { afterAll, beforeEach } from 'vitest'
import { HostileIdp } from './hostile-idp.js'

/**
 * Starts the provider for the calling test file; call it at the top level.
 *
 * @example
 * ```ts
 * const idp = await hostileIdpForFile()
 * ```
 */
export async function hostileIdpForFile(): Promise<HostileIdp> {
  const idp = await HostileIdp.start()
  afterAll(() => idp.close())
  beforeEach(() => {
    idp.jwks = [idp.rs.jwk, idp.es.jwk]
    idp.jwksMode = 'ok'
  })
  return idp
}
