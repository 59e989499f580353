import { KitError } from '@kit/core'
import { expect } from 'vitest'

/**
 * Matches a start-up error: a `KitError` with code `ERR_KIT_CONFIG` whose message names
 * `setting`. For `expect(fn).toThrow(configError('KIT_BASE_URL'))`.
 */
export const configError = (setting = '') =>
  expect.objectContaining({
    name: KitError.name,
    code: 'ERR_KIT_CONFIG',
    message: expect.stringContaining(setting),
  })
