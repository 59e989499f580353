export { type ConnectionApi, createConnectionApi } from './connection-api.js'
export * from './interfaces.js'
