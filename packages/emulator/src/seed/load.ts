import { readFileSync } from 'node:fs'
import { DEFAULT_CLIENTS, DEFAULT_SEED } from './default-seed.js'
import type { SeedData } from './types.js'
import { SeedError, validateSeed } from './validate.js'

/** The `seed` option: seed data, a path to a JSON seed file, or false for none. */
export type SeedOption = SeedData | string | false | undefined

/**
 * Resolves the `seed` option into validated data: undefined gives the built-in demo
 * seed, false gives null (an empty environment), a string is read as a JSON file. A
 * seed replaces the demo data unless it says `extends: "default"`. Errors name the
 * option and, for files, the path.
 */
export function loadSeed(option: SeedOption): SeedData | null {
  if (option === false) return null
  if (option === undefined) return DEFAULT_SEED
  if (typeof option === 'string') {
    let text: string
    try {
      text = readFileSync(option, 'utf8')
    } catch (cause) {
      throw new SeedError(`seed file ${option} cannot be read: ${(cause as Error).message}`, 400, {
        cause,
      })
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (cause) {
      throw new SeedError(
        `seed file ${option} is not valid JSON: ${(cause as Error).message}`,
        400,
        { cause },
      )
    }
    return withDefaults(validateSeed(json, `seed file ${option}`))
  }
  return withDefaults(validateSeed(option, 'seed'))
}

const LISTS = [
  'app_urls',
  'permissions',
  'roles',
  'organizations',
  'connections',
  'users',
  'webhooks',
] as const

/**
 * A seed with `extends: "default"` is the demo seed plus its own records: every list is
 * appended to the demo seed's, and `clients` to the demo clients (so alice, Acme and
 * `skc_demo_app` stay). Any other seed is used as given: it replaces the demo data.
 */
export function withDefaults(seed: SeedData): SeedData {
  if (seed.extends !== 'default') return seed
  const merged: SeedData = { clients: [...DEFAULT_CLIENTS, ...(seed.clients ?? [])] }
  for (const key of LISTS) {
    const list = [...(DEFAULT_SEED[key] ?? []), ...(seed[key] ?? [])]
    if (list.length > 0) (merged as Record<string, unknown>)[key] = list
  }
  return merged
}
