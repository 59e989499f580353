import { defineConfig } from 'tsup'

// ESM only: oidc-provider 9 is an ES module and the emulator is a dev/test tool, not a
// library that CommonJS apps import.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/testing/index.ts'],
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/testing/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
})
