import { expect } from 'vitest'
import { KitError } from '../../src/errors.js'
import { KitClient, type KitClientOptions } from '../../src/index.js'
import type { HostileIdp } from './hostile-idp.js'

/** A KitClient pointed at the hostile test provider, with short timeouts. */
export function kitFor(idp: HostileIdp, options: Partial<KitClientOptions> = {}): KitClient {
  return new KitClient({
    environmentUrl: idp.url,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    timeoutMs: 2000,
    clockToleranceSeconds: 30,
    ...options,
  })
}

/** Awaits a rejection and asserts it is a KitError with this code; returns it. */
export async function expectKitError(promise: Promise<unknown>, code: string): Promise<KitError> {
  let caught: unknown
  try {
    await promise
  } catch (err) {
    caught = err
  }
  expect(caught, `expected a KitError ${code}`).toBeInstanceOf(KitError)
  expect((caught as KitError).code).toBe(code)
  return caught as KitError
}

/** Seconds since the epoch. */
export const nowSec = (): number => Math.floor(Date.now() / 1000)
