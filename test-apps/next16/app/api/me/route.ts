import { kit } from '../../../lib/kit'

// Set when this app runs as one instance of the multi-instance test's cluster.
const instance = process.env['INSTANCE_NAME']

/** The session's identity as JSON (never the tokens); 401 JSON when signed out. */
export const GET = kit.withAuth(async (_request, auth) => {
  const { accessToken: _a, idToken: _i, claims: _c, ...visible } = auth
  return Response.json({ auth: visible, ...(instance ? { instance } : {}) })
})
