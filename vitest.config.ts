import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through the `@kit/source`
// export condition, so tests never need a build first.
const conditions = ['@kit/source', 'node', 'import', 'default']

const project = (name: string, root: string, extra: Record<string, unknown> = {}) => ({
  extends: true as const,
  test: { name, root, include: ['test/**/*.test.ts'], ...extra },
})

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@kit/source'] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      project('core', 'packages/core'),
      project('emulator', 'packages/emulator'),
      project('express', 'packages/express'),
      project('fastify', 'packages/fastify'),
    ],
  },
})
