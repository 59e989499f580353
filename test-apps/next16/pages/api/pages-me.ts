import { kit } from '../../lib/kit'

/** Pages Router API route: 401 JSON without a session, the identity with one. */
export default kit.withAuthApi(async (_req, res, auth) => {
  res.status(200).json({ email: auth.user.email, organizationId: auth.organizationId })
})
