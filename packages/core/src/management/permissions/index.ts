export * from './interfaces.js'
export { createPermissionsApi, type PermissionsApi } from './permissions-api.js'
