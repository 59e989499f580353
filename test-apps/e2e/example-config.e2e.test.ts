import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The parent's environment without any app setting, so only the case's values count. */
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^(KIT_|SCALEKIT_|PORT$|BASE_URL$)/.test(key)),
)

/** Runs an example's `server.ts` the way `pnpm demo` does, and collects how it ends. */
function runExample(
  framework: 'express' | 'fastify',
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    ['--conditions=@kit/source', '--import', 'tsx', `examples/${framework}/src/server.ts`],
    { cwd: ROOT, env: { ...baseEnv, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    }),
  )
}

// A misconfigured example must stop at start-up and name the variable, never start
// half-configured (and never fall back to the emulator's demo client for a hosted URL).
describe('example apps refuse bad configuration at start-up', () => {
  it.each([
    ['express', { KIT_SESSION_SECRET: 'too-short' }, 'KIT_SESSION_SECRET'],
    ['fastify', { KIT_SESSION_SECRET: 'too-short' }, 'KIT_SESSION_SECRET'],
    ['express', { KIT_ENVIRONMENT_URL: 'https://auth.example.com' }, 'KIT_CLIENT_ID'],
    ['fastify', { PORT: 'eighty' }, 'PORT'],
    ['express', { KIT_ENVIRONMENT_URL: 'not a url' }, 'KIT_ENVIRONMENT_URL'],
  ] as const)('%s with %o exits 1 naming %s', async (framework, env, setting) => {
    const { code, output } = await runExample(framework, env)
    expect(code).toBe(1)
    expect(output).toContain(`Invalid configuration: ${setting}`)
  })
})
