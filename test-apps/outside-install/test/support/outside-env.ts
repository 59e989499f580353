/**
 * The environment of a process that must behave as on a user's machine: nothing from
 * the test runner or the monorepo's package manager (`npm_config_*` from `pnpm test`,
 * vitest's variables, `NODE_OPTIONS` with the workspace's `@kit/source` condition).
 */
export function outsideEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_config_|VITEST|__VITEST|NODE_OPTIONS$|NODE_PATH$|NODE_ENV$|TEST$)/.test(key))
      continue
    env[key] = value
  }
  return { ...env, ...extra }
}
