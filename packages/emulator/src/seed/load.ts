import { readFileSync } from 'node:fs'
import { DEFAULT_SEED } from './default-seed.js'
import type { SeedData } from './types.js'
import { SeedError, validateSeed } from './validate.js'

/** The `seed` option: seed data, a path to a JSON seed file, or false for none. */
export type SeedOption = SeedData | string | false | undefined

/**
 * Resolves the `seed` option into validated data: undefined gives the built-in demo
 * seed, false gives null (an empty environment), a string is read as a JSON file.
 * Errors name the option and, for files, the path.
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
    return validateSeed(json, `seed file ${option}`)
  }
  return validateSeed(option, 'seed')
}
