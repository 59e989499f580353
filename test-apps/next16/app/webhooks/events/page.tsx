import { pages } from '../../../lib/pages'

export const dynamic = 'force-dynamic'

export default pages.WebhookEvents
