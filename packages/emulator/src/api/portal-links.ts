import type { HandlerTable } from './call.js'
import { param } from './call.js'
import { requireOrg } from './common.js'
import { createPortalLink } from './link-pages.js'
import { QueryInput } from './validate.js'

const FEATURES = ['FEATURE_UNSPECIFIED', 'UNSPECIFIED', 'dir_sync', 'sso'] as const

/**
 * `PUT /organizations/{id}/portal_links?features=sso&features=dir_sync`: a working link
 * to the emulator's admin portal page for the organization.
 */
export const portalLinkHandlers = {
  'organization.generatePortalLink': (c) => {
    const org = requireOrg(c.ctx, param(c, 'organization_id'))
    const q = new QueryInput(c.query)
    const features = q.all('features').map((f) => {
      const v = new QueryInput(new URLSearchParams({ features: f })).enumOf(
        'features',
        FEATURES,
      ) as string
      return v
    })
    if (q.bool('sso')) features.push('sso')
    if (q.bool('directory_sync')) features.push('dir_sync')
    const wanted = [...new Set(features.filter((f) => f === 'sso' || f === 'dir_sync'))]
    return { link: createPortalLink(c.ctx, org.id, wanted) }
  },
} satisfies HandlerTable
