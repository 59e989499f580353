export { DEFAULT_CHUNK_LIMITS } from './chunks.js'
export { MIN_SECRET_LENGTH } from './secrets.js'
export type { SessionData, SessionUser } from './session-data.js'
export type { SessionOptions } from './session-options.js'
