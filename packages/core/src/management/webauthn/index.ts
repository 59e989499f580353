export * from './interfaces.js'
export * from './serializers.js'
export { createWebauthnApi, type WebauthnApi } from './webauthn-api.js'
