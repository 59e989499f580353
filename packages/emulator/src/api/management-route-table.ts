// The management route table is written once, in @kit/core (src/management/route-table.ts):
// the kit's client sends what a row says and this router serves the same rows, so the two
// cannot disagree. The emulator imports that file by path rather than as a package: it is
// dependency-free data, tsup bundles it into the emulator's build, and so the published
// emulator needs no @kit/core at runtime and the workspace keeps a one-way dependency
// (core's tests use the emulator; the emulator depends on no kit package).
export {
  MANAGEMENT_ROUTES,
  type ManagementMethodName,
  type ManagementRoute,
} from '../../../core/src/management/route-table.js'
