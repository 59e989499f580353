export * from './interfaces.js'
export { createSessionsApi, type SessionsApi } from './user-sessions-api.js'
