export * from './interfaces.js'
export * from './serializers.js'
export { createSessionsApi, type SessionsApi } from './sessions-api.js'
