import { describe, expect, expectTypeOf, it } from 'vitest'
import { KitError } from '../../src/errors.js'
import {
  createManagementApi,
  type DirectoryGroup,
  type ManagementApi,
  type Organization,
  type PageItem,
  paginate,
  type User,
} from '../../src/management/index.js'

/** An in-memory list with token pages, to pin down paginate's own rules. */
function pagedList(total: number, opts: { repeatToken?: boolean } = {}) {
  const calls: (string | undefined)[] = []
  const list = async (o: { pageSize?: number; pageToken?: string; tag?: string }) => {
    calls.push(o.pageToken)
    const start = o.pageToken ? Number(o.pageToken) : 0
    const size = o.pageSize ?? 2
    const items = Array.from(
      { length: Math.max(0, Math.min(size, total - start)) },
      (_, i) => start + i,
    )
    const next = start + size < total ? String(start + size) : ''
    return { items, nextPageToken: opts.repeatToken ? '2' : next, totalSize: total }
  }
  return { list, calls }
}

describe('paginate', () => {
  it('walks every page lazily, passing the options through', async () => {
    const { list, calls } = pagedList(5)
    const it = paginate(list, { pageSize: 2, tag: 'x' })
    expect(calls).toEqual([])
    expect((await it.next()).value).toBe(0)
    expect(calls).toEqual([undefined])
    const rest: number[] = []
    for await (const n of it) rest.push(n)
    expect(rest).toEqual([1, 2, 3, 4])
    expect(calls).toEqual([undefined, '2', '4'])
  })

  it('stops when the server repeats a token instead of looping forever', async () => {
    const { list, calls } = pagedList(10, { repeatToken: true })
    const seen: number[] = []
    for await (const n of paginate(list, { pageSize: 2 })) seen.push(n)
    expect(calls).toEqual([undefined, '2'])
    expect(seen).toEqual([0, 1, 2, 3])
  })

  it('asks for itemsKey when a page has several arrays, and uses it', async () => {
    const list = async (_o: { pageToken?: string }) => ({ a: [1], b: ['x'], nextPageToken: '' })
    await expect(paginate(list).next()).rejects.toBeInstanceOf(KitError)
    const out: unknown[] = []
    for await (const v of paginate(list, {}, { itemsKey: 'b' })) out.push(v)
    expect(out).toEqual(['x'])
  })

  it('infers item types from the list method', () => {
    const api: ManagementApi = createManagementApi({
      environmentUrl: 'https://env.example.test',
      getAccessToken: async () => 't',
    })
    expectTypeOf(paginate(api.users.listUsers)).toEqualTypeOf<
      AsyncGenerator<User, void, undefined>
    >()
    expectTypeOf<
      PageItem<Awaited<ReturnType<typeof api.organization.listOrganizations>>>
    >().toEqualTypeOf<Organization>()
    const groups = paginate((o) => api.directory.listDirectoryGroups('org', 'dir', o), {
      pageSize: 5,
    })
    expectTypeOf(groups).toEqualTypeOf<AsyncGenerator<DirectoryGroup, void, undefined>>()
  })
})
