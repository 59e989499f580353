export * from './interfaces.js'
export { createRolesApi, type RolesApi } from './roles-api.js'
