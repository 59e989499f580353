export { createDirectoryApi, type DirectoryApi } from './directory-api.js'
export * from './interfaces.js'
