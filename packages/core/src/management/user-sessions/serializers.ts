import type { QueryValue } from '../transport.js'
import type { UserSessionFilter } from './interfaces.js'

/** The filter as `filter.*` query parameters (how the REST route takes a nested message). */
export function sessionFilterQuery(filter: UserSessionFilter | undefined) {
  return {
    'filter.status': filter?.status,
    'filter.start_time': filter?.startTime,
    'filter.end_time': filter?.endTime,
  } satisfies Record<string, QueryValue>
}
