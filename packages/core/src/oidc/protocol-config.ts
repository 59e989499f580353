import * as oidc from 'openid-client'
import type { ResolvedConfig } from '../client-options.js'
import type { EnvironmentEndpoints } from './endpoints.js'

/**
 * Builds the openid-client `Configuration` from the resolved endpoints. The server
 * metadata is assembled here (not by `oidc.discovery`) so the ID token algorithms are
 * always restricted to the client's asymmetric allowlist, and so the same settings
 * (fetch, timeout, clock tolerance) apply to every protocol call.
 */
export function createProtocolConfiguration(
  config: ResolvedConfig,
  endpoints: EnvironmentEndpoints,
): oidc.Configuration {
  const advertised = endpoints.idTokenSigningAlgs?.filter((a) => config.algorithms.includes(a))
  const server: oidc.ServerMetadata = {
    issuer: endpoints.issuer,
    authorization_endpoint: endpoints.authorizationEndpoint,
    token_endpoint: endpoints.tokenEndpoint,
    jwks_uri: endpoints.jwksUri,
    end_session_endpoint: endpoints.endSessionEndpoint,
    revocation_endpoint: endpoints.revocationEndpoint,
    id_token_signing_alg_values_supported:
      advertised && advertised.length > 0 ? advertised : [...config.algorithms],
  }
  const auth =
    config.tokenEndpointAuthMethod === 'client_secret_basic'
      ? oidc.ClientSecretBasic(config.clientSecret)
      : oidc.ClientSecretPost(config.clientSecret)
  const configuration = new oidc.Configuration(
    server,
    config.clientId,
    {
      client_secret: config.clientSecret,
      token_endpoint_auth_method: config.tokenEndpointAuthMethod,
      [oidc.clockTolerance]: config.clockToleranceSeconds,
    },
    auth,
  )
  configuration[oidc.customFetch] = (url, options) =>
    config.fetch(url, options as RequestInit) as ReturnType<oidc.CustomFetch>
  configuration.timeout = Math.max(1, Math.ceil(config.timeoutMs / 1000))
  if (new URL(endpoints.tokenEndpoint).protocol === 'http:') {
    // Local environments (the emulator) are served over plain http.
    oidc.allowInsecureRequests(configuration)
  }
  return configuration
}
