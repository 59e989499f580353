import { fromWire } from '../wire-case.js'
import { asObject, toArray, toNumber } from '../wire-values.js'
import type { Domain, DomainResponse, DomainType, ListDomainResponse } from './interfaces.js'

/** Wire JSON -> `Domain`. */
export function deserializeDomain(wire: unknown): Domain {
  return fromWire<Domain>(asObject(wire))
}

/** `{ domain }` -> `DomainResponse`. */
export function deserializeDomainResponse(wire: unknown): DomainResponse {
  return { domain: deserializeDomain(asObject(wire).domain) }
}

/** Wire list -> `ListDomainResponse`. */
export function deserializeListDomainResponse(wire: unknown): ListDomainResponse {
  const w = asObject(wire)
  return {
    domains: toArray(w.domains as unknown[] | undefined).map(deserializeDomain),
    pageSize: toNumber(w.page_size),
    pageNumber: toNumber(w.page_number),
  }
}

/** The `CreateDomain` wire body for a domain name and optional type. */
export function serializeCreateDomain(domainName: string, domainType?: DomainType) {
  return { domain: domainName, domain_type: domainType }
}
