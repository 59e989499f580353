/**
 * Mounting `kitFastify` invalidates no V8 protector the bare app does not: such a flag, once
 * cleared, slows optimized code for the life of the process (see @kit/adapter-suite's
 * protectors.ts). The first version of `retainNextTickShape` cleared `PromiseHook` in
 * every app with the kit mounted.
 */
import { resolve } from 'node:path'
import { itInvalidatesNoProtectorBareDoesNot } from '@kit/adapter-suite'

itInvalidatesNoProtectorBareDoesNot(
  'kitFastify',
  resolve(import.meta.dirname, 'support/protectors-child.ts'),
)
