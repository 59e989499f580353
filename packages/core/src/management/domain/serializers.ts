import { toNumber } from '../wire-values.js'
import type { ListDomainResponse } from './interfaces.js'

/** The domain list's paging numbers (uint32, maybe strings or absent on the wire) as numbers. */
export function withPageNumbers(decoded: unknown): ListDomainResponse {
  const list = decoded as ListDomainResponse
  return { ...list, pageSize: toNumber(list.pageSize), pageNumber: toNumber(list.pageNumber) }
}
