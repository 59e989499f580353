import { kit } from '../../../lib/kit'

/** Login, callback and logout: bench:next signs in through them once, before measuring. */
export const { GET, POST } = kit.handlers
