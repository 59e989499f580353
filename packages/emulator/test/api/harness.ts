import { startEmulator } from '../../src/index.js'

/** Parsed response JSON; tests check its shape with assertions. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field by the tests
export type Wire = any

/** A running emulator plus a fetch helper authenticated as the environment client. */
export interface ApiHarness {
  url: string
  emu: Awaited<ReturnType<typeof startEmulator>>
  token: string
  /** Calls the management API; returns status and parsed JSON body. */
  call(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Wire }>
}

/** Gets a client_credentials access token from the emulator's token endpoint. */
export async function clientToken(
  url: string,
  clientId: string,
  clientSecret: string,
): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials' }),
  })
  const json = (await res.json()) as { access_token?: string }
  if (!res.ok || !json.access_token)
    throw new Error(`token request failed: ${res.status} ${JSON.stringify(json)}`)
  return json.access_token
}

/** Starts an in-memory emulator (port 0, default seed) and authenticates as the environment client. */
export async function startHarness(): Promise<ApiHarness> {
  const emu = await startEmulator({ port: 0, dbPath: ':memory:', log: () => {} })
  const token = await clientToken(emu.url, emu.environmentClientId, emu.environmentClientSecret)
  return {
    url: emu.url,
    emu,
    token,
    async call(method, path, body, headers = {}) {
      const res = await fetch(`${emu.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body:
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })
      const text = await res.text()
      let parsed: Wire = text
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {}
      return { status: res.status, body: parsed }
    },
  }
}
