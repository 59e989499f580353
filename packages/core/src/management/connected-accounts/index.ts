export { type ConnectedAccountsApi, createConnectedAccountsApi } from './connected-accounts-api.js'
export * from './interfaces.js'
