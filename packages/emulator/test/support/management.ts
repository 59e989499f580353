import { tokenRequest } from '@kit/emulator/testing'
import { afterAll, beforeAll } from 'vitest'
import type { EmulatorHandle } from '../../src/index.js'
import { start, stopAll } from './emulators.js'
import { call, type Wire } from './json-http.js'

/**
 * A `client_credentials` access token for any client of the emulator (the environment
 * client, or an M2M client a test created); throws when the token endpoint refuses, so
 * `rejects.toThrow()` checks a retired secret.
 */
export async function clientCredentialsToken(
  url: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const { status, body } = await tokenRequest(
    { emulatorUrl: url, clientId, clientSecret },
    { grant_type: 'client_credentials' },
  )
  if (status !== 200 || typeof body.access_token !== 'string')
    throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`)
  return body.access_token
}

/** A management API token for the emulator's environment client. */
export function environmentToken(emu: EmulatorHandle): Promise<string> {
  return clientCredentialsToken(emu.url, emu.environmentClientId, emu.environmentClientSecret)
}

/** A running emulator plus a management API caller authenticated as the environment client. */
export interface ApiHarness {
  url: string
  emu: EmulatorHandle
  token: string
  /** Calls the management API; returns status and parsed JSON body. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Wire }>
}

/**
 * Starts an in-memory emulator with the default seed (see {@link start}; `stopAll` or
 * `h.emu.stop()` ends it) and authenticates as the environment client.
 */
export async function startHarness(): Promise<ApiHarness> {
  const emu = await start()
  const token = await environmentToken(emu)
  return {
    url: emu.url,
    emu,
    token,
    async call(method, path, body, headers = {}) {
      const res = await call(`${emu.url}${path}`, method, body, {
        authorization: `Bearer ${token}`,
        ...headers,
      })
      return { status: res.status, body: res.json }
    },
  }
}

/**
 * One harness for a whole test file: started in `beforeAll`, stopped in `afterAll`. The
 * returned object is filled in when the harness starts, so tests read `h.call`, `h.emu`
 * ... as usual.
 */
export function useHarness(): ApiHarness {
  const h = {} as ApiHarness
  beforeAll(async () => {
    Object.assign(h, await startHarness())
  })
  afterAll(stopAll)
  return h
}
