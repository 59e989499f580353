import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', proxy: 'src/proxy-entry.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // Resolved by the app's bundler: Next's own modules, never bundled into the adapter.
  external: [/^next(\/|$)/],
})
