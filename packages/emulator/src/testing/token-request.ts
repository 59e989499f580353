/** What the token endpoint answered. */
export interface TokenResponse {
  status: number
  /** The parsed JSON body (`access_token`, `id_token`, ... or `error`). */
  body: Record<string, unknown>
}

/** Client credentials for the token endpoint (sent as `client_secret_basic`). */
export interface TokenClient {
  emulatorUrl: string | URL
  clientId: string
  clientSecret: string
  fetch?: typeof fetch
}

/**
 * POSTs a grant to the emulator's `/oauth/token` with `client_secret_basic`, for tests
 * that check the protocol itself rather than an SDK's view of it.
 *
 * @example
 * const { status, body } = await tokenRequest(client, { grant_type: 'refresh_token', refresh_token })
 */
export async function tokenRequest(
  client: TokenClient,
  form: Record<string, string>,
): Promise<TokenResponse> {
  const basic = btoa(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`,
  )
  const res = await (client.fetch ?? fetch)(new URL('/oauth/token', client.emulatorUrl), {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${basic}`,
    },
    body: new URLSearchParams(form).toString(),
  })
  const text = await res.text()
  let body: Record<string, unknown>
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    body = { error: 'non_json_response', error_description: text.slice(0, 300) }
  }
  return { status: res.status, body }
}

/**
 * Exchanges an authorization code (from {@link authorizeWithForms}) for tokens.
 *
 * @example
 * const login = await authorizeWithForms({ emulatorUrl: emu.url, clientId, redirectUri, email })
 * const { body } = await exchangeCode({ emulatorUrl: emu.url, clientId, clientSecret }, login, redirectUri)
 */
export function exchangeCode(
  client: TokenClient,
  login: { code: string; codeVerifier: string },
  redirectUri: string,
): Promise<TokenResponse> {
  return tokenRequest(client, {
    grant_type: 'authorization_code',
    code: login.code,
    redirect_uri: redirectUri,
    code_verifier: login.codeVerifier,
  })
}
