import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Workspace packages resolve to their TypeScript sources through the `@kit/source`
// export condition, so tests never need a build first. No 'import' here: vitest passes
// these to Node as --conditions, and 'import' would make CommonJS `require()` of dual
// packages (e.g. express 5's router -> is-promise) load their ESM entry. Vite adds
// 'import'/'require' itself per import kind.
const conditions = ['@kit/source', 'node', 'default']

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
    // vitest's default is one worker less than the cores: one worker on CI's two. The e2e
    // project runs its files one at a time and spends most of it waiting on the apps and
    // browsers it starts, so a second worker takes the other projects' files meanwhile
    // (measured in CI: 969 s of vitest with one worker).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      project('core', 'packages/core'),
      project('emulator', 'packages/emulator'),
      project('express', 'packages/express'),
      project('fastify', 'packages/fastify'),
      project('next', 'packages/next'),
      project('redis', 'packages/redis'),
      project('test-support', 'test-apps/test-support'),
      project('e2e', 'test-apps', { include: ['**/*.e2e.test.ts'], fileParallelism: false }),
    ],
  },
})
