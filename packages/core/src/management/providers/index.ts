export * from './interfaces.js'
export { createProvidersApi, type ProvidersApi } from './providers-api.js'
