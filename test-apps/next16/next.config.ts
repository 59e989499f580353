import type { NextConfig } from 'next'

const config: NextConfig = {
  // The browser suite builds each version of the sources into its own folder, so a run
  // never rebuilds under a `next start` that another run is serving.
  distDir: process.env['KIT_TEST_DIST_DIR'] || '.next',
  // `forbidden()` answers HTTP 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // Types are checked by the workspace's `pnpm typecheck`; the build skips a second pass.
  typescript: { ignoreBuildErrors: true },
  transpilePackages: [
    '@kit/core',
    '@kit/next',
    '@kit/redis',
    '@kit/example-shared',
    '@kit/test-app-next-shared',
  ],
  // Inside this workspace the kit's packages are bundled from their TypeScript sources
  // (the `@kit/source` export condition, whose files import `./x.js` meaning `./x.ts`),
  // so the app needs no `pnpm build` first. An app that installs @kit/next from npm
  // needs none of this. Webpack, because Turbopack takes no custom export condition.
  webpack(webpackConfig) {
    webpackConfig.resolve.conditionNames = ['@kit/source', '...']
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] }
    return webpackConfig
  },
}

export default config
