import { kit } from '../../lib/kit'

/** Signed webhook deliveries from the environment (raw body verified by the kit). */
export const { POST } = kit.handlers
