/**
 * What a bare server process does once before it serves (`BENCH_BEFORE`), for
 * bench:process-cost: which part of "a process with the kit in it" makes the process's
 * other requests slower. Each step runs once, before the app listens; nothing of it
 * happens while requests are measured.
 */
import { KitClient } from '@kit/core'
import type { ServerEnv } from './env.js'

/**
 * - `fetch`: one `fetch` of the environment's discovery document, body read: what any
 *   app does the first time it calls an HTTP API.
 * - `check`: the kit's start-up check alone (`kit.checkSetup()`: its three requests to
 *   the environment), with no app mounted.
 * - `mount`: the kit mounted on a second app that never listens, with its start-up check
 *   off, so the process makes no request.
 */
export type BeforeStep = 'fetch' | 'check' | 'mount'

const STEPS: readonly BeforeStep[] = ['fetch', 'check', 'mount']

/** What `mount` mounted, held for the life of the process as an app holds its own. */
const held: unknown[] = []

/** Reads `BENCH_BEFORE`: undefined when unset, a start-up error when unknown. */
export function readBeforeStep(env: NodeJS.ProcessEnv = process.env): BeforeStep | undefined {
  const value = env['BENCH_BEFORE']
  if (!value) return undefined
  if (!(STEPS as readonly string[]).includes(value)) {
    throw new Error(`bench server: bad BENCH_BEFORE ${value} (${STEPS.join(', ')})`)
  }
  return value as BeforeStep
}

/**
 * Runs the step. `mountKit` is the framework's part of `mount`: it mounts the kit (check
 * off) on an app of its own that is never served, and returns that app, which is kept
 * alive here (a dropped app would be garbage, unlike a real one).
 */
export async function runBeforeStep(
  step: BeforeStep,
  env: ServerEnv,
  mountKit: (kit: KitClient) => Promise<unknown>,
): Promise<void> {
  if (step === 'fetch') {
    const response = await fetch(`${env.environmentUrl}/.well-known/openid-configuration`)
    if (!response.ok) throw new Error(`bench server: discovery answered ${response.status}`)
    await response.text()
    return
  }
  const kit = new KitClient({
    environmentUrl: env.environmentUrl,
    clientId: env.clientId,
    clientSecret: env.clientSecret,
  })
  if (step === 'mount') {
    held.push(await mountKit(kit))
    return
  }
  // The redirect URI the kit app of this port would use: bench:process-cost registers
  // every port it starts, so the check passes as the kit's own does.
  const report = await kit.checkSetup({ redirectUri: `${env.baseUrl}/auth/callback` })
  if (!report.ok) {
    throw new Error(`bench server: the setup check failed: ${JSON.stringify(report.failures)}`)
  }
}
