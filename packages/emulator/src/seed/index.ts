/** Seed format, the built-in demo seed, loading and applying. */
export {
  type AppRoutes,
  appClientId,
  appRoutesOf,
  CALLBACK_PATH,
  parseAppUrl,
  registerAppUrls,
} from './app-urls.js'
export { applySeed, type SeedResult } from './apply.js'
export {
  DEFAULT_CLIENTS,
  DEFAULT_SEED,
  DEMO_CLIENT_ID,
  DEMO_CLIENT_SECRET,
  DEMO_ENVIRONMENT_CLIENT_ID,
  DEMO_ENVIRONMENT_CLIENT_SECRET,
} from './default-seed.js'
export { ensureEnvironmentId, getSetting, setSetting } from './environment.js'
export { loadSeed, type SeedOption, withDefaults } from './load.js'
export type * from './types.js'
export { SeedError, validateSeed } from './validate.js'
