import type Provider from 'oidc-provider'
import type { EmulatorContext } from '../context.js'
import { findMembership, listMemberships, type Membership } from './account.js'
import {
  findConnection,
  organizationForEmailDomain,
  ssoConnectionOfOrganization,
} from './connections.js'

/** The interaction as oidc-provider's `interactionDetails` returns it. */
export type InteractionDetails = Awaited<ReturnType<Provider['interactionDetails']>>

/** Who signed in and through what. */
export interface LoginChoice {
  userId: string
  /**
   * Organization chosen by the method itself (the SSO connection's organization) or by
   * the user on the "Choose an organization" page.
   */
  organizationId?: string | null
  connectionId?: string | null
  /** An admin acting as the user (impersonation): the grant's tokens carry `act`. */
  actorId?: string
}

/** Refusal to complete a login, shown to the user on the page. */
export class LoginRefused extends Error {
  override name = 'LoginRefused'
}

const param = (details: InteractionDetails, name: string): string | undefined => {
  const value = details.params[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/**
 * The organization a login is for without asking the user: the method's own choice
 * (SSO, or the picker), else the organization of `connection_id`, else
 * `organization_id`, else the organization owning `domain_hint` when the user is one
 * of its members (a hint, so it never refuses). Null when nothing implies one.
 */
export function impliedOrganization(
  ctx: EmulatorContext,
  details: InteractionDetails,
  choice: LoginChoice,
): string | null {
  if (choice.organizationId) return choice.organizationId
  const requestedConn = param(details, 'connection_id')
  const connOrg = requestedConn ? findConnection(ctx.db, requestedConn)?.organizationId : null
  if (connOrg) return connOrg
  const requestedOrg = param(details, 'organization_id')
  if (requestedOrg) return requestedOrg
  const domainHint = param(details, 'domain_hint')
  const hintedOrg = domainHint ? organizationForEmailDomain(ctx.db, domainHint) : undefined
  if (hintedOrg && findMembership(ctx.db, choice.userId, hintedOrg)) return hintedOrg
  return null
}

/**
 * The organizations to offer on the "Choose an organization" page: the user's active
 * memberships when there are several and the request implies none; otherwise
 * undefined (no page).
 */
export function organizationsToOffer(
  ctx: EmulatorContext,
  details: InteractionDetails,
  choice: LoginChoice,
): Membership[] | undefined {
  if (impliedOrganization(ctx, details, choice)) return undefined
  const memberships = listMemberships(ctx.db, choice.userId)
  return memberships.length > 1 ? memberships : undefined
}

/**
 * Decides the organization and connection of a login: the implied organization (see
 * {@link impliedOrganization}), else the user's only organization. A requested
 * organization the user does not belong to, or that the method contradicts, refuses.
 * With several memberships and nothing implied the organization stays null: callers
 * ask the user first (see {@link organizationsToOffer}).
 */
export function resolveOrganization(
  ctx: EmulatorContext,
  details: InteractionDetails,
  choice: LoginChoice,
): { organizationId: string | null; connectionId: string | null } {
  const requestedOrg = param(details, 'organization_id')
  let organizationId = impliedOrganization(ctx, details, choice)
  let connectionId = choice.connectionId ?? null
  if (requestedOrg && organizationId !== requestedOrg) {
    throw new LoginRefused(
      'This sign-in method belongs to another organization than the requested one.',
    )
  }
  if (organizationId && !findMembership(ctx.db, choice.userId, organizationId)) {
    throw new LoginRefused('This account is not a member of the requested organization.')
  }
  if (!organizationId) {
    const memberships = listMemberships(ctx.db, choice.userId)
    organizationId = memberships.length === 1 ? (memberships[0]?.organizationId ?? null) : null
  }
  if (!connectionId && organizationId)
    connectionId = ssoConnectionOfOrganization(ctx.db, organizationId)?.id ?? null
  return { organizationId, connectionId }
}
