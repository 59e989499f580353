export * from './interfaces.js'
export { createPasswordlessApi, type PasswordlessApi } from './passwordless-api.js'
