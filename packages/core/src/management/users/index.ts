export * from './interfaces.js'
export { createUsersApi, type UsersApi } from './users-api.js'
