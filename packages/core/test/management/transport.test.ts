import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createManagementApi,
  KitApiBadRequestError,
  KitApiError,
  KitApiNetworkError,
  KitApiNotFoundError,
  KitApiRateLimitError,
  KitApiServerError,
  KitApiTimeoutError,
  KitApiUnauthorizedError,
} from '../../src/management/index.js'
import { fillPath } from '../../src/management/route-path.js'
import {
  clearFaults,
  injectFault,
  type ManagementFixture,
  startManagementFixture,
} from './support/emulator.js'

let f: ManagementFixture

beforeAll(async () => {
  f = await startManagementFixture()
  await f.kit.getClientAccessToken()
})
afterEach(async () => {
  await clearFaults(f.emu)
})
afterAll(async () => {
  await f?.emu.stop()
})

/** Runs `fn` and reports how many API requests it cost and how long it took. */
async function measure<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; requests: number; ms: number }> {
  const before = f.apiRequests()
  const started = Date.now()
  const result = await fn()
  return { result, requests: f.apiRequests() - before, ms: Date.now() - started }
}

async function failure(
  fn: () => Promise<unknown>,
): Promise<{ error: unknown; requests: number; ms: number }> {
  const { result, requests, ms } = await measure(() =>
    fn().then(
      () => undefined,
      (e: unknown) => e,
    ),
  )
  if (result === undefined) throw new Error('expected the call to fail')
  return { error: result, requests, ms }
}

describe('retries', () => {
  it('retries a 429 after the Retry-After delay and returns the data', async () => {
    await injectFault(f.emu, {
      route: 'GET /api/v1/organizations/org_acme',
      status: 429,
      retryAfter: 1,
      times: 1,
    })
    const { result, requests, ms } = await measure(() =>
      f.kit.organization.getOrganization('org_acme'),
    )
    expect(result.organization.displayName).toBe('Acme Corp')
    expect(requests).toBe(2)
    expect(ms).toBeGreaterThanOrEqual(950)
  })

  it('retries a rate-limited POST too, applying the write once', async () => {
    await injectFault(f.emu, {
      route: 'POST /api/v1/organizations',
      status: 429,
      retryAfter: 0,
      times: 1,
    })
    const { result, requests } = await measure(() =>
      f.kit.organization.createOrganization({
        displayName: 'Retry Once',
        externalId: 'retry-once',
      }),
    )
    expect(requests).toBe(2)
    const found = await f.kit.organization.getOrganizationByExternalId('retry-once')
    expect(found.organization.id).toBe(result.organization.id)
  })

  it('retries 503 on an idempotent call until it succeeds', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/users/usr_alice', status: 503, times: 2 })
    const { result, requests } = await measure(() => f.kit.users.getUser('usr_alice'))
    expect(result.user.email).toBe('alice@acme.test')
    expect(requests).toBe(3)
  })

  it('does not retry 503 on a POST (the write may have landed)', async () => {
    await injectFault(f.emu, { route: 'POST /api/v1/organizations', status: 503, times: 1 })
    const { error, requests } = await failure(() =>
      f.kit.organization.createOrganization({ displayName: 'Never Retried' }),
    )
    expect(error).toBeInstanceOf(KitApiServerError)
    expect((error as KitApiServerError).status).toBe(503)
    expect((error as KitApiServerError).code).toBe('ERR_KIT_API_SERVER')
    expect(requests).toBe(1)
  })

  it('does not retry a 400 and exposes the API error body', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', status: 400, times: 1 })
    const { error, requests } = await failure(() => f.kit.roles.listRoles())
    expect(error).toBeInstanceOf(KitApiBadRequestError)
    const e = error as KitApiBadRequestError
    expect(e).toBeInstanceOf(KitApiError)
    expect(e.status).toBe(400)
    expect(e.code).toBe('ERR_KIT_API_BAD_REQUEST')
    expect(e.apiCode).toBe('INVALID_ARGUMENT')
    expect(e.message).toContain('injected fault')
    expect(requests).toBe(1)
  })

  it('gives up with KitApiRateLimitError (and the server hint) once retries are spent', async () => {
    const api = createManagementApi({
      environmentUrl: f.emu.url,
      getAccessToken: (o) => f.kit.getClientAccessToken(o),
      maxRetries: 1,
    })
    await injectFault(f.emu, { route: 'GET /api/v1/roles', status: 429, retryAfter: 0, times: 5 })
    const { error } = await failure(() => api.roles.listRoles())
    expect(error).toBeInstanceOf(KitApiRateLimitError)
    expect((error as KitApiRateLimitError).retryAfter).toBe(0)
    const faults = (await (await fetch(`${f.emu.url}/_emulator/faults`)).json()) as {
      faults: { hits: number }[]
    }
    expect(faults.faults[0]?.hits).toBe(2)
  })

  it('does not sleep through a Retry-After longer than a minute', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', status: 429, retryAfter: 120, times: 1 })
    const { error, requests, ms } = await failure(() => f.kit.roles.listRoles())
    expect(error).toBeInstanceOf(KitApiRateLimitError)
    expect((error as KitApiRateLimitError).retryAfter).toBe(120)
    expect(requests).toBe(1)
    expect(ms).toBeLessThan(2_000)
  })

  it('maps a 404 to KitApiNotFoundError without retrying', async () => {
    const { error, requests } = await failure(() =>
      f.kit.organization.getOrganization('org_missing'),
    )
    expect(error).toBeInstanceOf(KitApiNotFoundError)
    expect((error as KitApiNotFoundError).code).toBe('ERR_KIT_API_NOT_FOUND')
    expect((error as KitApiNotFoundError).status).toBe(404)
    expect(requests).toBe(1)
  })
})

describe('timeouts and cancellation', () => {
  it('raises KitApiTimeoutError when the call outlives timeoutMs', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', latencyMs: 3_000, times: 1 })
    const { error, ms } = await failure(() => f.kit.roles.listRoles({ timeoutMs: 200 }))
    expect(error).toBeInstanceOf(KitApiTimeoutError)
    expect((error as KitApiTimeoutError).code).toBe('ERR_KIT_API_TIMEOUT')
    expect((error as KitApiTimeoutError).timeoutMs).toBe(200)
    expect(ms).toBeLessThan(1_500)
  })

  it('gives up at once when Retry-After outlasts the call budget', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', status: 429, retryAfter: 5, times: 1 })
    const { error, requests, ms } = await failure(() => f.kit.roles.listRoles({ timeoutMs: 2_000 }))
    expect(error).toBeInstanceOf(KitApiRateLimitError)
    expect((error as KitApiRateLimitError).retryAfter).toBe(5)
    expect(requests).toBe(1)
    expect(ms).toBeLessThan(1_000)
  })

  it('refuses a bad per-call timeout before sending', async () => {
    const before = f.apiRequests()
    await expect(f.kit.roles.listRoles({ timeoutMs: Number.NaN })).rejects.toThrow(/timeoutMs/)
    expect(f.apiRequests()).toBe(before)
  })

  it('aborts an in-flight call with the signal reason', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', latencyMs: 3_000, times: 1 })
    const ac = new AbortController()
    const reason = new Error('user navigated away')
    setTimeout(() => ac.abort(reason), 100)
    const { error, ms } = await failure(() => f.kit.roles.listRoles({ signal: ac.signal }))
    expect(error).toBe(reason)
    expect(ms).toBeLessThan(1_500)
  })

  it('aborts during a backoff wait', async () => {
    await injectFault(f.emu, { route: 'GET /api/v1/roles', status: 429, retryAfter: 5, times: 1 })
    const ac = new AbortController()
    setTimeout(() => ac.abort(new Error('cancelled')), 150)
    const { error, ms } = await failure(() => f.kit.roles.listRoles({ signal: ac.signal }))
    expect((error as Error).message).toBe('cancelled')
    expect(ms).toBeLessThan(2_000)
  })

  it('does not send anything when the signal is already aborted', async () => {
    const ac = new AbortController()
    ac.abort(new Error('too late'))
    const { error, requests } = await failure(() => f.kit.roles.listRoles({ signal: ac.signal }))
    expect((error as Error).message).toBe('too late')
    expect(requests).toBe(0)
  })
})

describe('bearer token', () => {
  it('fetches one token for 50 concurrent calls', async () => {
    const fresh = await startManagementFixture()
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => fresh.kit.organization.getOrganization('org_globex')),
      )
      expect(results.every((r) => r.organization.displayName === 'Globex')).toBe(true)
      expect(fresh.tokenRequests()).toBe(1)
      expect(fresh.apiRequests()).toBe(50)
    } finally {
      await fresh.emu.stop()
    }
  })

  it('refreshes the token once after a 401 and succeeds', async () => {
    const before = f.tokenRequests()
    await injectFault(f.emu, { route: 'GET /api/v1/organizations/org_acme', status: 401, times: 1 })
    const { result, requests } = await measure(() => f.kit.organization.getOrganization('org_acme'))
    expect(result.organization.id).toBe('org_acme')
    expect(requests).toBe(2)
    expect(f.tokenRequests() - before).toBe(1)
  })

  it('refreshes once when many concurrent calls get a 401 together', async () => {
    await f.kit.getClientAccessToken()
    const before = f.tokenRequests()
    // The latency holds every 401 until all 20 first attempts have arrived (and used up the fault).
    await injectFault(f.emu, {
      route: 'GET /api/v1/organizations/org_globex',
      status: 401,
      latencyMs: 300,
      times: 20,
    })
    const results = await Promise.all(
      Array.from({ length: 20 }, () => f.kit.organization.getOrganization('org_globex')),
    )
    expect(results.every((r) => r.organization.id === 'org_globex')).toBe(true)
    expect(f.tokenRequests() - before).toBe(1)
  })

  it('throws KitApiUnauthorizedError when the refreshed token is refused too', async () => {
    const before = f.tokenRequests()
    await injectFault(f.emu, { route: 'GET /api/v1/organizations/org_acme', status: 401, times: 3 })
    const { error, requests } = await failure(() => f.kit.organization.getOrganization('org_acme'))
    expect(error).toBeInstanceOf(KitApiUnauthorizedError)
    expect((error as KitApiUnauthorizedError).code).toBe('ERR_KIT_API_UNAUTHORIZED')
    expect(requests).toBe(2)
    expect(f.tokenRequests() - before).toBe(1)
  })

  it('is refused by the emulator without a valid token', async () => {
    const api = createManagementApi({
      environmentUrl: f.emu.url,
      getAccessToken: async () => 'not-a-token',
    })
    await expect(api.organization.listOrganizations()).rejects.toBeInstanceOf(
      KitApiUnauthorizedError,
    )
  })
})

describe('network errors', () => {
  // Port 1 on loopback refuses connections: a real network failure, no response at all.
  const closed = 'http://127.0.0.1:1'

  it('retries idempotent calls, then raises KitApiNetworkError with the cause', async () => {
    let attempts = 0
    const api = createManagementApi({
      environmentUrl: closed,
      getAccessToken: async () => 'token',
      maxRetries: 2,
      fetch: (input, init) => {
        attempts++
        return fetch(input, init)
      },
    })
    const err = await api.users.getUser('usr_1').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KitApiNetworkError)
    expect((err as KitApiNetworkError).code).toBe('ERR_KIT_API_NETWORK')
    expect((err as KitApiNetworkError).cause).toBeDefined()
    expect(attempts).toBe(3)
  })

  it('does not retry a POST after a network error', async () => {
    let attempts = 0
    const api = createManagementApi({
      environmentUrl: closed,
      getAccessToken: async () => 'token',
      fetch: (input, init) => {
        attempts++
        return fetch(input, init)
      },
    })
    await expect(api.roles.createRole({ name: 'x', displayName: 'X' })).rejects.toBeInstanceOf(
      KitApiNetworkError,
    )
    expect(attempts).toBe(1)
  })
})

describe('configuration', () => {
  it('names the bad setting', () => {
    const getAccessToken = async () => 't'
    expect(() => createManagementApi({ environmentUrl: 'not a url', getAccessToken })).toThrow(
      /environmentUrl/,
    )
    expect(() =>
      createManagementApi({ environmentUrl: 'https://x.test', getAccessToken, maxRetries: -1 }),
    ).toThrow(/maxRetries/)
    expect(() =>
      createManagementApi({ environmentUrl: 'https://x.test', getAccessToken, timeoutMs: 0 }),
    ).toThrow(/timeoutMs/)
    expect(() =>
      createManagementApi({ environmentUrl: 'https://x.test', getAccessToken: undefined as never }),
    ).toThrow(/getAccessToken/)
  })

  it('encodes ids so they cannot change the route', async () => {
    const id = '../organizations/x?y=1'
    expect(fillPath('/api/v1/users/{user_id}', { user_id: id })).toBe(
      '/api/v1/users/..%2Forganizations%2Fx%3Fy%3D1',
    )
    const api = createManagementApi({
      environmentUrl: f.emu.url,
      getAccessToken: (o) => f.kit.getClientAccessToken(o),
    })
    await expect(api.users.getUser(id)).rejects.toBeInstanceOf(KitApiNotFoundError)
    await expect(api.users.getUser('')).rejects.toThrow(/empty/)
  })
})
