// The Express 4 dev dependency is installed under the alias `express4`; its API surface
// used by the tests is the same as Express 5's, so it reuses those types.
declare module 'express4' {
  import express from 'express'
  export default express
}
