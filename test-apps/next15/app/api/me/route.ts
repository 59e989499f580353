import { kit } from '../../../lib/kit'

/** The session's identity as JSON (never the tokens); 401 JSON when signed out. */
export const GET = kit.withAuth(async (_request, auth) => {
  const { accessToken: _a, idToken: _i, claims: _c, ...visible } = auth
  return Response.json({ auth: visible })
})
