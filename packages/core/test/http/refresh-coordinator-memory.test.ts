// The default refresh coordinator: one refresh per key in this process (single flight),
// a successful result kept for a grace period for requests still carrying the old
// cookie, failures never remembered, and a throwing refresh turned into 'error'.
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  createKitRoutes,
  createMemoryRefreshCoordinator,
  KitClient,
  KitError,
  type RefreshCoordinator,
  type SharedRefreshResult,
} from '../../src/index.js'

const T = 1_700_000_000_000

function setup(graceSeconds?: number) {
  let nowMs = T
  const coordinator = createMemoryRefreshCoordinator({
    now: () => nowMs,
    ...(graceSeconds === undefined ? {} : { graceSeconds }),
  })
  let calls = 0
  const refresh =
    (result: SharedRefreshResult, delayMs = 5) =>
    async () => {
      calls++
      await new Promise((r) => setTimeout(r, delayMs))
      return result
    }
  return {
    coordinator,
    refresh,
    calls: () => calls,
    advance: (seconds: number) => (nowMs += seconds * 1000),
  }
}

const ok = (sealed: string): SharedRefreshResult => ({ status: 'ok', sealed })

describe('createMemoryRefreshCoordinator', () => {
  it('runs one refresh for 50 concurrent callers of a key and hands all of them its result', async () => {
    const { coordinator, refresh, calls } = setup()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => coordinator.run('k1', refresh(ok(`seal-${i}`)))),
    )
    expect(calls()).toBe(1)
    expect(new Set(results.map((r) => (r.status === 'ok' ? r.sealed : r.status)))).toEqual(
      new Set(['seal-0']),
    )
  })

  it('different keys refresh independently', async () => {
    const { coordinator, refresh, calls } = setup()
    const [a, b] = await Promise.all([
      coordinator.run('k-a', refresh(ok('a'))),
      coordinator.run('k-b', refresh(ok('b'))),
    ])
    expect(calls()).toBe(2)
    expect(a).toEqual(ok('a'))
    expect(b).toEqual(ok('b'))
  })

  it('keeps an ok result for the grace period (old cookies reuse it), then refreshes again', async () => {
    const { coordinator, refresh, calls, advance } = setup(30)
    await coordinator.run('k', refresh(ok('first')))
    advance(29)
    expect(await coordinator.run('k', refresh(ok('second')))).toEqual(ok('first'))
    expect(calls()).toBe(1)
    advance(2)
    expect(await coordinator.run('k', refresh(ok('second')))).toEqual(ok('second'))
    expect(calls()).toBe(2)
  })

  it('never remembers a failure: the next request tries again', async () => {
    const { coordinator, refresh, calls } = setup()
    expect(await coordinator.run('k', refresh({ status: 'error' }))).toEqual({ status: 'error' })
    expect(await coordinator.run('k', refresh({ status: 'invalid_grant' }))).toEqual({
      status: 'invalid_grant',
    })
    expect(await coordinator.run('k', refresh(ok('now')))).toEqual(ok('now'))
    expect(calls()).toBe(3)
  })

  it('a throwing refresh is an error result for every waiting caller, and the key is free again', async () => {
    const { coordinator, refresh } = setup()
    const boom = async (): Promise<SharedRefreshResult> => {
      await new Promise((r) => setTimeout(r, 5))
      throw new Error('boom')
    }
    const results = await Promise.all([coordinator.run('k', boom), coordinator.run('k', boom)])
    expect(results).toEqual([{ status: 'error' }, { status: 'error' }])
    expect(await coordinator.run('k', refresh(ok('later')))).toEqual(ok('later'))
  })

  it('graceSeconds 0 keeps nothing once the flight is over', async () => {
    const { coordinator, refresh, calls } = setup(0)
    await coordinator.run('k', refresh(ok('a')))
    await coordinator.run('k', refresh(ok('b')))
    expect(calls()).toBe(2)
  })

  it('is a RefreshCoordinator (public types)', () => {
    expectTypeOf(createMemoryRefreshCoordinator).returns.toEqualTypeOf<RefreshCoordinator>()
    expectTypeOf<RefreshCoordinator['run']>()
      .parameter(1)
      .toEqualTypeOf<() => Promise<SharedRefreshResult>>()
  })

  it('refuses a negative grace', () => {
    expect(() => createMemoryRefreshCoordinator({ graceSeconds: -1 })).toThrow(/graceSeconds/)
  })
})

describe('refreshCoordinator option', () => {
  const kit = new KitClient({
    environmentUrl: 'http://127.0.0.1:9',
    clientId: 'skc_config',
    clientSecret: 'sks_config',
  })
  const base = {
    kit,
    baseUrl: 'http://localhost:3000',
    session: { secret: 'x'.repeat(40) },
  }

  it.each([
    ['an object without run', {}],
    ['run that is not a function', { run: 'yes' }],
    ['null', null],
  ])('%s is a start-up error naming refreshCoordinator', (_name, value) => {
    let error: unknown
    try {
      createKitRoutes({ ...base, refreshCoordinator: value as never })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(KitError)
    expect((error as KitError).code).toBe('ERR_KIT_CONFIG')
    expect((error as KitError).message).toMatch(/refreshCoordinator must implement run/)
  })

  it('accepts a coordinator with run', () => {
    expect(() =>
      createKitRoutes({ ...base, refreshCoordinator: createMemoryRefreshCoordinator() }),
    ).not.toThrow()
  })
})
