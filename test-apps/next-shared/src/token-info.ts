/**
 * What the refresh test compares across requests: the access token's expiry and id,
 * read from its payload (already verified by the kit; nothing here trusts it further).
 */
export function tokenInfo(token: string): { exp: number; jti: string | null } {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString())
  return { exp: Number(payload.exp), jti: typeof payload.jti === 'string' ? payload.jti : null }
}
