import type { NextConfig } from 'next'

const config: NextConfig = {
  // bench:next builds through @kit/test-support's build cache: one folder per version of
  // the sources, so a rebuild never replaces what a running `next start` serves.
  distDir: process.env['KIT_TEST_DIST_DIR'] || '.next',
  // Types are checked by the workspace's `pnpm typecheck`; the build skips a second pass.
  typescript: { ignoreBuildErrors: true },
  transpilePackages: ['@kit/core', '@kit/next'],
  // Bundled from the kit's TypeScript sources (the `@kit/source` export condition), as
  // test-apps/next16 is, so the numbers are those of the code in this tree without a
  // `pnpm build` first. Webpack, because Turbopack takes no custom export condition.
  webpack(webpackConfig) {
    webpackConfig.resolve.conditionNames = ['@kit/source', '...']
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] }
    return webpackConfig
  },
}

export default config
