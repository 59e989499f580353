/**
 * The example's kit instance: `createKitNext` with the same options the Express and
 * Fastify examples give their adapters. Imported by the route files, the proxy and
 * the pages, which is all the wiring a Next.js app needs.
 */
import { KitClient } from '@kit/core'
import { createOrganizationNameLookup } from '@kit/example-shared'
import { createKitNext } from '@kit/next'
import { config } from './config'
import { webhookLog } from './webhook-log'

const client = new KitClient({
  environmentUrl: config.environmentUrl,
  clientId: config.clientId,
  clientSecret: config.clientSecret,
})

export const kit = createKitNext({
  kit: client,
  baseUrl: config.baseUrl,
  // The demo runs three apps on localhost, where cookies are shared across ports.
  session: { secret: config.sessionSecret, cookieName: 'kit_example_next' },
  webhookSecret: config.webhookSecret,
  onWebhook: (event) => webhookLog().record(event),
})

/** Organization display names from the management API, cached. */
export const organizationName = createOrganizationNameLookup(
  async (id) => (await client.organization.getOrganization(id)).organization?.displayName,
)
