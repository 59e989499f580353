export * from './interfaces.js'
export { createWebauthnApi, type WebauthnApi } from './webauthn-api.js'
