export * from './interfaces.js'
export * from './serializers.js'
export { createUsersApi, type UsersApi } from './users-api.js'
