import { sendHtml } from '../http/index.js'
import { organizationPage } from '../ui/login/organization-page.js'
import { findUserById, listMemberships } from './account.js'
import { completeLogin } from './complete-login.js'
import { finishConsent } from './consent.js'
import { type Step, showLogin } from './interaction-step.js'
import { clearOrganizationChoice, pendingOrganizationChoice } from './organization-choice-store.js'

const NOTHING_PENDING = 'There is no organization to choose for this sign-in. Sign in first.'

/**
 * The "Choose an organization" page of an interaction: GET shows one button per
 * organization of the user identified earlier in this interaction; POST
 * `organization_id` (one of those memberships, checked again) finishes the login, or,
 * for a browser that was already signed in, the consent step, with that organization.
 */
export async function organizationStep(step: Step, isPost: boolean): Promise<boolean> {
  const { ctx, details } = step
  const pending = pendingOrganizationChoice(ctx, details.uid)
  const isConsent = details.prompt.name === 'consent'
  if (!pending || (isConsent && details.session?.accountId !== pending.userId)) {
    clearOrganizationChoice(ctx, details.uid)
    return showLogin(step, NOTHING_PENDING, 400)
  }
  const memberships = listMemberships(ctx.db, pending.userId)
  const model = {
    uid: details.uid,
    email: findUserById(ctx.db, pending.userId)?.email ?? pending.userId,
    organizations: memberships.map((m) => ({ id: m.organizationId, name: m.organizationName })),
  }
  if (!isPost) {
    sendHtml(step.res, 200, organizationPage(model))
    return true
  }
  const picked = step.form.get('organization_id') ?? ''
  if (!memberships.some((m) => m.organizationId === picked)) {
    sendHtml(
      step.res,
      400,
      organizationPage({ ...model, error: 'Choose one of the organizations below.' }),
    )
    return true
  }
  clearOrganizationChoice(ctx, details.uid)
  const choice = {
    userId: pending.userId,
    organizationId: picked,
    connectionId: pending.connectionId,
  }
  if (isConsent) await finishConsent(step, choice)
  else await completeLogin(ctx, step.provider, step.req, step.res, details, choice)
  return true
}
