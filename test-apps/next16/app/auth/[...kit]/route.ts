import { kit } from '../../../lib/kit'

/** Login, callback (code, IdP-initiated, error) and logout. */
export const { GET, POST } = kit.handlers
