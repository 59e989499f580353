import { pageUser, renderWebhookEvents } from '@kit/example-shared'
import { kit } from '../../../lib/kit'
import { FRAMEWORK, SharedPage } from '../../../lib/shared-page'
import { webhookLog } from '../../../lib/webhook-log'

export const dynamic = 'force-dynamic'

export default async function WebhookEvents() {
  const user = pageUser(await kit.auth())
  const events = webhookLog().list()
  return <SharedPage document={renderWebhookEvents({ framework: FRAMEWORK, user, events })} />
}
