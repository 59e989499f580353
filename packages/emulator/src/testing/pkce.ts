/** A PKCE pair (RFC 7636, S256). */
export interface PkcePair {
  codeVerifier: string
  codeChallenge: string
}

/**
 * A fresh PKCE verifier and its S256 challenge, from Web Crypto (the emulator requires
 * PKCE on every authorize request).
 *
 * @example
 * const { codeVerifier, codeChallenge } = await createPkce()
 */
export async function createPkce(): Promise<PkcePair> {
  const codeVerifier = randomToken(32)
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier))
  return { codeVerifier, codeChallenge: base64url(new Uint8Array(digest)) }
}

/** `bytes` random bytes as base64url (for state, nonce and verifiers). */
export function randomToken(bytes = 16): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)))
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
