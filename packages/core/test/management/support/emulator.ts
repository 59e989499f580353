import { type EmulatorHandle, type FaultInput, startEmulator } from '@kit/emulator'
import { KitClient } from '../../../src/client.js'

/** A running emulator plus a KitClient authenticated as its environment (management) client. */
export interface ManagementFixture {
  emu: EmulatorHandle
  kit: KitClient
  /** Requests the KitClient sent to the token endpoint, by grant. */
  tokenRequests: () => number
  /** Requests the KitClient sent below `/api/v1/`. */
  apiRequests: () => number
}

/**
 * Starts an emulator on a free port with an in-memory store and a KitClient using the
 * environment client's credentials. The KitClient's fetch counts requests, so tests can
 * assert how many tokens and API calls a behaviour costs.
 */
export async function startManagementFixture(
  options: { timeoutMs?: number; maxRetries?: number } = {},
): Promise<ManagementFixture> {
  const emu = await startEmulator({ port: 0, dbPath: ':memory:' })
  let tokens = 0
  let api = 0
  const countingFetch: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (url.pathname.endsWith('/token')) tokens++
    if (url.pathname.startsWith('/api/v1/')) api++
    return fetch(input, init)
  }
  const kit = new KitClient({
    environmentUrl: emu.url,
    clientId: emu.environmentClientId ?? emu.clientId,
    clientSecret: emu.environmentClientSecret ?? emu.clientSecret,
    fetch: countingFetch,
    management: options,
  })
  return { emu, kit, tokenRequests: () => tokens, apiRequests: () => api }
}

/** Injects a fault over HTTP through the emulator's test control. */
export async function injectFault(emu: EmulatorHandle, fault: FaultInput): Promise<void> {
  const res = await fetch(`${emu.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  })
  if (!res.ok) throw new Error(`fault injection failed: ${res.status} ${await res.text()}`)
}

/** Removes every injected fault. */
export async function clearFaults(emu: EmulatorHandle): Promise<void> {
  await fetch(`${emu.url}/_emulator/faults`, { method: 'DELETE' })
}

/**
 * Adds rows to the emulator's data through its export/import test controls (for state
 * the management API cannot create itself: synced directory users, sessions, passkeys).
 */
export async function addRows(
  emu: EmulatorHandle,
  rows: Record<string, Record<string, unknown>[]>,
): Promise<void> {
  const dump = (await (await fetch(`${emu.url}/_emulator/export`)).json()) as {
    tables: Record<string, Record<string, unknown>[]>
  }
  for (const [table, extra] of Object.entries(rows)) {
    dump.tables[table] = [...(dump.tables[table] ?? []), ...extra]
  }
  const res = await fetch(`${emu.url}/_emulator/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(dump),
  })
  if (!res.ok) throw new Error(`import failed: ${res.status} ${await res.text()}`)
}
