import { defineConfig } from 'tsup'

// One entry per export path in package.json (`.`, `./adapter`, `./management`, `./node`,
// `./testing`); tsup splits what they share into chunks, so no code ships twice.
//
// `#seal-crypto` (package.json `imports`) stays an import in the output and each of its
// two implementations is an entry of its own: the runtime, or the app's bundler, picks
// Node's or Web Crypto's by export condition when it loads `dist`. Resolved here, it
// would be inlined with tsup's Node conditions and reach edge bundles as `node:crypto`.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapter/index': 'src/adapter/index.ts',
    'management/index': 'src/management/index.ts',
    'node/index': 'src/node/index.ts',
    'testing/index': 'src/testing/index.ts',
    'session/seal-crypto-node': 'src/session/seal-crypto-node.ts',
    'session/seal-crypto-web': 'src/session/seal-crypto-web.ts',
  },
  external: ['#seal-crypto'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
})
