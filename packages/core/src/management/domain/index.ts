export { createDomainApi, type DomainApi } from './domain-api.js'
export * from './interfaces.js'
