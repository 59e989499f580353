import { KitError } from '../errors.js'

/** Options a list method accepts: at least a page token, plus its own filters. */
export interface PageTokenOptions {
  pageToken?: string | undefined
}

/** What a page of any list method carries besides its items. */
export interface PageInfo {
  nextPageToken?: string | undefined
}

/** Element type of the (single) array field of a page, e.g. `User` for `ListUsersResponse`. */
export type PageItem<P> = {
  [K in keyof P]-?: NonNullable<P[K]> extends readonly (infer U)[] ? U : never
}[keyof P]

/** Options of `paginate` itself. */
export interface PaginateOptions<P> {
  /** Which array field holds the items; needed only when a page has several. */
  itemsKey?: keyof P
}

function itemsOf<P>(page: P, itemsKey: keyof P | undefined): unknown[] {
  if (itemsKey !== undefined) {
    const items = page[itemsKey]
    return Array.isArray(items) ? items : []
  }
  const arrays = Object.values(page as object).filter(Array.isArray)
  if (arrays.length > 1) {
    throw new KitError(
      'ERR_KIT_CONFIG',
      'paginate: the page has several array fields; pass { itemsKey } to choose one',
    )
  }
  return arrays[0] ?? []
}

/**
 * Iterates every item of a list method across pages, fetching the next page only when
 * the previous one is consumed. The list method is called with `{ ...options, pageToken }`;
 * for methods with positional arguments, pass a small arrow function. Stops when the
 * server returns no `nextPageToken` (or repeats one, which would otherwise loop forever).
 *
 * @example
 * ```ts
 * for await (const user of paginate(kit.users.listUsers, { pageSize: 50 })) {
 *   console.log(user.email)
 * }
 * // positional arguments: wrap the call
 * for await (const u of paginate((o) => kit.users.listOrganizationUsers(orgId, o), { pageSize: 100 })) {}
 * ```
 */
export async function* paginate<O extends PageTokenOptions, P extends PageInfo>(
  list: (options: O) => Promise<P>,
  options?: Omit<O, 'pageToken'>,
  paginateOptions?: PaginateOptions<P>,
): AsyncGenerator<PageItem<P>, void, undefined> {
  for await (const page of paginatePages(list, options)) {
    for (const item of itemsOf(page, paginateOptions?.itemsKey)) yield item as PageItem<P>
  }
}

/**
 * Like `paginate` but yields whole pages (with `totalSize` and tokens), for callers
 * that render page by page.
 *
 * @example
 * ```ts
 * for await (const page of paginatePages(kit.organization.listOrganizations, { pageSize: 20 })) {
 *   render(page.organizations, page.totalSize)
 * }
 * ```
 */
export async function* paginatePages<O extends PageTokenOptions, P extends PageInfo>(
  list: (options: O) => Promise<P>,
  options?: Omit<O, 'pageToken'>,
): AsyncGenerator<P, void, undefined> {
  const seen = new Set<string>()
  let pageToken: string | undefined
  for (;;) {
    const page = await list({ ...(options ?? {}), pageToken } as O)
    yield page
    const next = page.nextPageToken
    if (!next || seen.has(next)) return
    seen.add(next)
    pageToken = next
  }
}
