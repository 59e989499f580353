export * from './interfaces.js'
export { createOrganizationApi, type OrganizationApi } from './organization-api.js'
