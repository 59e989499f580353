import { defineConfig } from 'tsup'

// One entry per export path in package.json (`.`, `./adapter`, `./management`, `./node`,
// `./testing`); tsup splits what they share into chunks, so no code ships twice.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'adapter/index': 'src/adapter/index.ts',
    'management/index': 'src/management/index.ts',
    'node/index': 'src/node/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
})
