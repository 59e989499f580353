import { html, type SafeHtml } from '../../http/index.js'
import { errorBanner, page } from './layout.js'

/** What the organization picker shows. */
export interface OrganizationPageModel {
  uid: string
  /** Who signed in. */
  email: string
  /** The user's organizations, in the order they are offered. */
  organizations: { id: string; name: string }[]
  error?: string
}

/**
 * "Choose an organization": shown after sign-in when the user belongs to several
 * organizations and the request named none. One form per organization, so the button's
 * accessible name is the organization's display name and its id travels as a hidden
 * field (tests pick either).
 */
export function organizationPage(model: OrganizationPageModel): SafeHtml {
  const base = `/interaction/${encodeURIComponent(model.uid)}`
  const choices = model.organizations.map(
    (o) =>
      html`<form method="post" action="${base}/organization"><input type="hidden" name="organization_id" value="${o.id}">
<button type="submit" class="secondary">${o.name}</button></form>`,
  )
  return page(
    'Choose an organization',
    html`<h1>Choose an organization</h1>
<p class="sub">${model.email} belongs to several organizations. Which one do you want to sign in to?</p>
${errorBanner(model.error)}
${choices}
<div class="divider"></div>
<form method="post" action="${base}/abort"><button type="submit" class="secondary">Cancel</button></form>`,
  )
}
