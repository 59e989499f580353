import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  CreateOrganization,
  ListOrganizationsResponse,
  Organization,
  OrganizationResponse,
  PortalLink,
  UpdateOrganization,
} from './interfaces.js'

/** Wire JSON -> `Organization`. */
export function deserializeOrganization(wire: unknown): Organization {
  return fromWire<Organization>(asObject(wire))
}

/** `{ organization }` wire JSON -> `OrganizationResponse`. */
export function deserializeOrganizationResponse(wire: unknown): OrganizationResponse {
  return { organization: deserializeOrganization(asObject(wire).organization) }
}

/** Wire page -> `ListOrganizationsResponse`, defaults filled in. */
export function deserializeListOrganizationsResponse(wire: unknown): ListOrganizationsResponse {
  const w = asObject(wire)
  return {
    organizations: toArray(w.organizations as unknown[] | undefined).map(deserializeOrganization),
    ...cursorOf(w),
  }
}

/** `CreateOrganization` -> wire JSON. */
export function serializeCreateOrganization(org: CreateOrganization) {
  return toWire(org)
}

/** `UpdateOrganization` -> wire JSON. */
export function serializeUpdateOrganization(org: UpdateOrganization) {
  return toWire(org)
}

/** `{ link }` wire JSON -> `PortalLink`. */
export function deserializePortalLink(wire: unknown): PortalLink {
  return fromWire<PortalLink>(asObject(asObject(wire).link))
}
