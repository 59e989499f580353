'use server'

import { kit } from '../lib/kit'

/**
 * Server action behind the dashboard's organization switcher: `kit.switchOrganization`
 * starts the switch for this request (silent when the environment allows) and redirects;
 * the browser comes back to `returnTo` in the other organization.
 */
export async function switchOrganization(form: FormData): Promise<void> {
  const organizationId = String(form.get('organizationId') ?? '')
  const returnTo = String(form.get('returnTo') ?? '/dashboard')
  await kit.switchOrganization(organizationId, returnTo)
}
