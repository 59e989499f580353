export { type AuthApi, createAuthApi } from './auth-api.js'
export * from './interfaces.js'
