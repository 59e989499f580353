import { fromWire, toWire } from '../wire-case.js'
import { asObject, cursorOf, toArray } from '../wire-values.js'
import type {
  CreateCustomProvider,
  ListProvidersResponse,
  Provider,
  ProviderResponse,
} from './interfaces.js'

/** Wire JSON -> `Provider` (auth patterns kept as sent). */
export function deserializeProvider(wire: unknown): Provider {
  return fromWire<Provider>(asObject(wire))
}

/** `{ provider }` -> `ProviderResponse`. */
export function deserializeProviderResponse(wire: unknown): ProviderResponse {
  return { provider: deserializeProvider(asObject(wire).provider) }
}

/** Wire page -> `ListProvidersResponse`. */
export function deserializeListProvidersResponse(wire: unknown): ListProvidersResponse {
  const w = asObject(wire)
  return {
    providers: toArray(w.providers as unknown[] | undefined).map(deserializeProvider),
    ...cursorOf(w),
  }
}

/** `CreateCustomProvider` -> wire JSON. */
export function serializeCustomProvider(provider: CreateCustomProvider) {
  return toWire(provider)
}
