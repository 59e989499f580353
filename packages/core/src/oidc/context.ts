import type * as oidc from 'openid-client'
import type { ResolvedConfig } from '../client-options.js'
import type { KeyResolver } from '../tokens/jwks-cache.js'
import type { EndpointResolver } from './discovery.js'
import { createProtocolConfiguration } from './protocol-config.js'

/** What the protocol operations (code exchange, refresh, M2M, IdP-initiated) share. */
export interface ProtocolContext {
  config: ResolvedConfig
  endpoints: EndpointResolver
  /** openid-client configuration for the loaded endpoints (built once). */
  protocol(): Promise<oidc.Configuration>
  /** Verification key resolver over the environment's JWKS. */
  getKey: KeyResolver
}

/** Creates the shared protocol context; the openid-client configuration is built lazily once. */
export function createProtocolContext(
  config: ResolvedConfig,
  endpoints: EndpointResolver,
  getKey: KeyResolver,
): ProtocolContext {
  let configuration: oidc.Configuration | undefined
  return {
    config,
    endpoints,
    getKey,
    async protocol() {
      if (!configuration) {
        configuration = createProtocolConfiguration(config, await endpoints.load())
      }
      return configuration
    },
  }
}
