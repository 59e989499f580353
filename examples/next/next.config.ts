import type { NextConfig } from 'next'

const config: NextConfig = {
  // `forbidden()` answers HTTP 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // Types are checked by the workspace's `pnpm typecheck`; builds skip a second pass.
  typescript: { ignoreBuildErrors: true },
  transpilePackages: ['@kit/core', '@kit/next', '@kit/example-shared'],
  // Inside this workspace the kit's packages are bundled from their TypeScript sources
  // (the `@kit/source` export condition, whose files import `./x.js` meaning `./x.ts`),
  // so `pnpm demo` needs no `pnpm build` first. An app that installs @kit/next from npm
  // needs none of this. Webpack, because Turbopack takes no custom export condition.
  webpack(webpackConfig) {
    webpackConfig.resolve.conditionNames = ['@kit/source', '...']
    webpackConfig.resolve.extensionAlias = { '.js': ['.ts', '.tsx', '.js'] }
    return webpackConfig
  },
}

export default config
