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
    // A stubbed env var or global is restored after each test: the Node 22/24 legs run a
    // worker's files in one module cache (scripts/test-node-matrix.mjs), where a leftover
    // `vi.stubEnv('NODE_ENV', ...)` would reach the next file.
    unstubEnvs: true,
    unstubGlobals: true,
    hookTimeout: 60_000,
    pool: 'forks',
    // vitest's default is one worker less than the cores: one worker on CI's two, and the
    // whole run in one line (969 s of vitest in CI). Two workers: 581 s. `pnpm test` runs
    // e2e and everything else as two vitest processes at once (scripts/test-vitest.mjs).
    // e2e files run two at a time as well: vitest's forks pool reads `fileParallelism`
    // from this root config only, never from a project. Each file takes its own ports
    // (port 0) and folders, and a Next.js build is taken under a lock (test-support's
    // next-build.ts, whose NEXT_BUILD_TIMEOUT_MS covers waiting for another file's build).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      project('core', 'packages/core'),
      project('emulator', 'packages/emulator'),
      project('express', 'packages/express'),
      project('fastify', 'packages/fastify'),
      project('next', 'packages/next'),
      project('redis', 'packages/redis'),
      project('test-support', 'test-apps/test-support'),
      project('e2e', 'test-apps', { include: ['**/*.e2e.test.ts'] }),
    ],
  },
})
