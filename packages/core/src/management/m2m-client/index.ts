export * from './interfaces.js'
export { createM2MClientApi, type M2MClientApi } from './m2m-client-api.js'
